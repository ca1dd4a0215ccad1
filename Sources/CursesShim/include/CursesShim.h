#ifndef SPANSCOPE_CURSES_SHIM_H
#define SPANSCOPE_CURSES_SHIM_H
// Wrappers for the curses macros and out-parameter APIs Swift cannot import. Only plain C
// types cross this boundary, so Swift never needs curses' own struct layouts.
#include <stdint.h>
#include <wchar.h>

// Key codes (values of the KEY_* macros) for the pure key mapping.
enum {
    SS_KEY_DOWN = 0402, SS_KEY_UP = 0403, SS_KEY_LEFT = 0404, SS_KEY_RIGHT = 0405,
    SS_KEY_HOME = 0406, SS_KEY_BACKSPACE = 0407, SS_KEY_DC = 0512, SS_KEY_NPAGE = 0522,
    SS_KEY_PPAGE = 0523, SS_KEY_ENTER = 0527, SS_KEY_BTAB = 0541, SS_KEY_END = 0550,
    SS_KEY_MOUSE = 0631, SS_KEY_RESIZE = 0632,
};
/// The same codes as compiled into curses.h; tests check they match the enum above.
int ss_curses_key(int which);

// Attribute flags for ss_put.
enum { SS_ATTR_BOLD = 1, SS_ATTR_REVERSE = 2, SS_ATTR_DIM = 4, SS_ATTR_UNDERLINE = 8 };
unsigned int ss_attr_bold(void);
unsigned int ss_attr_reverse(void);

// Result kinds of ss_get_wch.
/// SS_INPUT_HANGUP: the terminal is gone (pty closed, ssh dropped): no key will ever come.
/// SS_INPUT_WAKE: the wake descriptor became readable (a message waits for the run loop).
enum { SS_INPUT_NONE = 0, SS_INPUT_CHAR = 1, SS_INPUT_KEYCODE = 2, SS_INPUT_HANGUP = 3, SS_INPUT_WAKE = 4 };
/// Waits up to timeoutMs for a key on the terminal or for `wake_fd` to become readable; input
/// ncurses has already buffered comes first. Returns SS_INPUT_* and stores the code.
int ss_get_wch_wake(int timeout_ms, int wake_fd, uint32_t *code);
/// wtimeout(stdscr, timeoutMs) + wget_wch; returns SS_INPUT_* and stores the code.
int ss_get_wch(int timeout_ms, uint32_t *code);

/// Mouse: enables wheel + left button reporting; returns 1 when the terminal supports it.
int ss_enable_mouse(void);
uint64_t ss_mask_button1_pressed(void);
uint64_t ss_mask_button1_clicked(void);
uint64_t ss_mask_button1_released(void);
uint64_t ss_mask_button4_pressed(void);
uint64_t ss_mask_button5_pressed(void);
/// getmouse; returns 1 and fills the outputs when an event was pending.
int ss_get_mouse(int *x, int *y, uint64_t *bstate);

/// keypad(stdscr, TRUE).
int ss_keypad(void);
int ss_color_pair(int n);
int ss_colors(void);
int ss_maxy(void);
int ss_maxx(void);

/// One cell: `wch` holds the spacing character plus up to 4 combining scalars (count `n`).
/// Returns 0 on success, -1 when setcchar or the write failed.
int ss_put(int y, int x, const wchar_t *wch, int n, int attrs, int pair);

/// setlocale(LC_ALL, ""), falling back to C.UTF-8; returns 1 when the locale is UTF-8.
int ss_setup_locale(void);

/// Terminal lifetime. ss_mark_active after initscr; ss_restore calls endwin at most once per
/// activation (safe from signal handlers and atexit). ss_install_handlers hooks SIGINT, SIGTERM,
/// SIGHUP (restore, then re-raise with the default action) and atexit.
void ss_mark_active(void);
/// Whether initscr already ran in this process (a second setup resumes with refresh instead).
int ss_was_initialized(void);
int ss_restore(void);
int ss_is_active(void);
void ss_install_handlers(void);
#endif
