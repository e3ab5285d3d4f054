#!/bin/sh
# SPDX-License-Identifier: MIT
# The end-to-end acceptance cases in ../shared/acceptance (run from the
# repository root, as the runner expects). Skipped when ../shared is absent.
cd "$(dirname "$0")/../.."
S=${SHARED:-../shared}
if [ ! -f "$S/acceptance/run.py" ]; then
	echo "SKIP: $S/acceptance not found (acceptance needs ../shared)"
	echo "acceptance: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
python3 "$S/acceptance/run.py"
