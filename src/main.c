/* SPDX-License-Identifier: MIT */
/* zonelint: argv -> zl_cli_run() -> exit status. Nothing else. */
#include "cli.h"

int
main(int argc, char **argv)
{
	return zl_cli_run(argc, argv);
}
