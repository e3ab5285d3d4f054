/* SPDX-License-Identifier: MIT */
/* The command line: verbs and options -> library calls -> exit status. */
#ifndef ZL_CLI_H
#define ZL_CLI_H

/* Run zonelint with argv; returns the exit status (0, 1 or 2). */
int zl_cli_run(int argc, char **argv);

#endif
