#!/usr/bin/env bash
# Builds ibkey-lab/postgres:local from Debian's packages (no image registry is reachable here):
# debootstrap a minimal bookworm with postgresql, add the entrypoint, `docker import` it.
# Cached: does nothing when the image exists with the same entrypoint.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image="${LAB_PG_IMAGE:-ibkey-lab/postgres:local}"
stamp=$(sha256sum "$here/pg-image/entrypoint.sh" "$0" | sha256sum | cut -c1-12)

if [ "$(docker image inspect -f '{{index .Config.Labels "ibkey-lab.stamp"}}' "$image" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
# The mirror apt itself uses (deb822 "URIs:" or classic "deb" lines), since no other is reachable.
mirror=$( { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
            grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'; } \
          | grep -v security | head -n 1 || true)
rootfs=$(mktemp -d /tmp/ibkey-lab-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase --include=postgresql bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" >/tmp/ibkey-lab-debootstrap.log 2>&1 \
  || { echo "debootstrap failed; see /tmp/ibkey-lab-debootstrap.log" >&2; exit 1; }
install -m 0755 "$here/pg-image/entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
rm -rf "$rootfs/var/lib/postgresql/"*/main "$rootfs/var/cache/apt/archives/"*.deb
tar -C "$rootfs" -c . | docker import \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change 'EXPOSE 5432' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "LABEL ibkey-lab.stamp=$stamp" \
  - "$image" >/dev/null
echo "built $image"
