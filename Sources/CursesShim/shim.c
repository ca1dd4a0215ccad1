#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <poll.h>
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "CursesShim.h"

int ss_curses_key(int which) {
    switch (which) {
    case SS_KEY_DOWN: return KEY_DOWN;
    case SS_KEY_UP: return KEY_UP;
    case SS_KEY_LEFT: return KEY_LEFT;
    case SS_KEY_RIGHT: return KEY_RIGHT;
    case SS_KEY_HOME: return KEY_HOME;
    case SS_KEY_BACKSPACE: return KEY_BACKSPACE;
    case SS_KEY_DC: return KEY_DC;
    case SS_KEY_NPAGE: return KEY_NPAGE;
    case SS_KEY_PPAGE: return KEY_PPAGE;
    case SS_KEY_ENTER: return KEY_ENTER;
    case SS_KEY_BTAB: return KEY_BTAB;
    case SS_KEY_END: return KEY_END;
    case SS_KEY_MOUSE: return KEY_MOUSE;
    case SS_KEY_RESIZE: return KEY_RESIZE;
    default: return -1;
    }
}

unsigned int ss_attr_bold(void) { return (unsigned int)A_BOLD; }
unsigned int ss_attr_reverse(void) { return (unsigned int)A_REVERSE; }

int ss_get_wch(int timeout_ms, uint32_t *code) {
    wint_t ch = 0;
    wtimeout(stdscr, timeout_ms);
    int rc = wget_wch(stdscr, &ch);
    if (rc == ERR) {
        // A timeout, or a terminal that hung up: then every read fails at once and the loop
        // would spin forever at full speed (seen after `tmux kill-session`).
        struct pollfd p = { .fd = 0, .events = POLLIN, .revents = 0 };
        if (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))) return SS_INPUT_HANGUP;
        return SS_INPUT_NONE;
    }
    *code = (uint32_t)ch;
    return rc == KEY_CODE_YES ? SS_INPUT_KEYCODE : SS_INPUT_CHAR;
}

int ss_get_wch_wake(int timeout_ms, int wake_fd, uint32_t *code) {
    int rc = ss_get_wch(0, code);
    if (rc != SS_INPUT_NONE) return rc;
    struct pollfd p[2] = { { .fd = 0, .events = POLLIN, .revents = 0 }, { .fd = wake_fd, .events = POLLIN, .revents = 0 } };
    // EINTR (SIGWINCH): ncurses reports the resize on the next read.
    if (poll(p, 2, timeout_ms) <= 0) return SS_INPUT_NONE;
    if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) return ss_get_wch(50, code);
    if (p[1].revents & POLLIN) return SS_INPUT_WAKE;
    return SS_INPUT_NONE;
}

int ss_enable_mouse(void) {
    mmask_t want = BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    want |= BUTTON5_PRESSED;
#endif
    mmask_t got = mousemask(want, NULL);
    mouseinterval(0); // no click-detection delay: react on press
    return got != 0;
}
uint64_t ss_mask_button1_pressed(void) { return BUTTON1_PRESSED; }
uint64_t ss_mask_button1_clicked(void) { return BUTTON1_CLICKED; }
uint64_t ss_mask_button1_released(void) { return BUTTON1_RELEASED; }
uint64_t ss_mask_button4_pressed(void) { return BUTTON4_PRESSED; }
uint64_t ss_mask_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}
int ss_get_mouse(int *x, int *y, uint64_t *bstate) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    *x = ev.x;
    *y = ev.y;
    *bstate = (uint64_t)ev.bstate;
    return 1;
}

int ss_keypad(void) { return keypad(stdscr, TRUE); }
int ss_color_pair(int n) { return (int)COLOR_PAIR(n); }
int ss_colors(void) { return has_colors() ? COLORS : 0; }
int ss_maxy(void) { return getmaxy(stdscr); }
int ss_maxx(void) { return getmaxx(stdscr); }

int ss_put(int y, int x, const wchar_t *wch, int n, int attrs, int pair) {
    wchar_t buf[CCHARW_MAX + 1];
    if (n > CCHARW_MAX) n = CCHARW_MAX;
    if (n < 1) { buf[0] = L' '; n = 1; } else memcpy(buf, wch, sizeof(wchar_t) * (size_t)n);
    buf[n] = 0;
    attr_t a = A_NORMAL;
    if (attrs & SS_ATTR_BOLD) a |= A_BOLD;
    if (attrs & SS_ATTR_REVERSE) a |= A_REVERSE;
    if (attrs & SS_ATTR_DIM) a |= A_DIM;
    if (attrs & SS_ATTR_UNDERLINE) a |= A_UNDERLINE;
    cchar_t cc;
    if (setcchar(&cc, buf, a, (short)pair, NULL) == ERR) {
        wchar_t q[2] = { L'?', 0 };
        if (setcchar(&cc, q, a, (short)pair, NULL) == ERR) return -1;
    }
    return mvwadd_wch(stdscr, y, x, &cc) == ERR ? -1 : 0;
}

static int is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int ss_setup_locale(void) {
    setlocale(LC_ALL, "");
    if (is_utf8()) return 1;
    if (setlocale(LC_ALL, "C.UTF-8") && is_utf8()) return 1;
    if (setlocale(LC_ALL, "C.utf8") && is_utf8()) return 1;
    setlocale(LC_ALL, "");
    return 0;
}

static volatile sig_atomic_t ss_active = 0;
static volatile sig_atomic_t ss_handlers_installed = 0;

static int ss_initialized = 0;
void ss_mark_active(void) { ss_active = 1; ss_initialized = 1; }
int ss_was_initialized(void) { return ss_initialized; }
int ss_is_active(void) { return ss_active; }

int ss_restore(void) {
    if (!ss_active) return 0;
    ss_active = 0;
    endwin();
    return 1;
}

static void ss_on_signal(int sig) {
    ss_restore();
    // SA_RESETHAND restored the default action and SA_NODEFER left the signal unblocked, so
    // this terminates the process by the signal (the shell reports 128 + sig).
    raise(sig);
    _exit(128 + sig);    // in case the signal was blocked
}

static void ss_at_exit(void) { ss_restore(); }

void ss_install_handlers(void) {
    // A parent may start us with signals blocked (seen under tmux in containers): then SIGWINCH
    // never arrives, ncurses never reports KEY_RESIZE, and Ctrl-\ / kill cannot restore the
    // terminal. Unblock the ones this program depends on, in this (the UI) thread.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGWINCH);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
    if (ss_handlers_installed) return;
    ss_handlers_installed = 1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = ss_on_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    atexit(ss_at_exit);
}
