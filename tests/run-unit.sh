#!/bin/sh
# SPDX-License-Identifier: MIT
# Run every cmocka binary given; fail when any fails.
rc=0
for t in "$@"; do
	"$t" || rc=1
done
exit $rc
