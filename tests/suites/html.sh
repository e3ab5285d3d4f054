#!/bin/sh
# SPDX-License-Identifier: MIT
# The HTML report opened in headless Chromium: see tests/html/run.sh.
exec sh "$(dirname "$0")/../html/run.sh"
