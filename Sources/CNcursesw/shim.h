#ifndef SPANSCOPE_CNCURSESW_SHIM_H
#define SPANSCOPE_CNCURSESW_SHIM_H
// Wide-character curses API (get_wch, setcchar, mvwadd_wch) is only declared with these set.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <locale.h>
#endif
