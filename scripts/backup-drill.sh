#!/usr/bin/env bash
# Backup and restore drill (issue 13): dumps the database (pg_dump, custom
# format), restores it into a fresh database on the same server, checks that
# every table has the same row count in both, and archives the media
# directory (tar) and checks the archive against the directory, file by file.
#
#   DATABASE_URL=postgres://… XUEFAN_MEDIA_DIR=/srv/xuefan/media scripts/backup-drill.sh
#
# Environment:
#   DATABASE_URL        the database to back up (required)
#   XUEFAN_MEDIA_DIR    the media directory (default data/media)
#   BACKUP_DIR          where the dump and the archive go (default backups/<UTC stamp>)
#   DRILL_KEEP_RESTORE  1: keep the restored database (default: dropped after the check)
# Exit status 0 only when every check passed; the last line is a JSON summary.
set -euo pipefail

fail() { echo "backup-drill: $*" >&2; echo "{\"ok\":false,\"error\":\"$*\"}"; exit 1; }

[[ -n "${DATABASE_URL:-}" ]] || fail "DATABASE_URL is not set"
MEDIA_DIR="${XUEFAN_MEDIA_DIR:-data/media}"
[[ -d "$MEDIA_DIR" ]] || fail "media directory $MEDIA_DIR does not exist"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
BACKUP_DIR="${BACKUP_DIR:-backups/$STAMP}"
mkdir -p "$BACKUP_DIR"
DUMP="$BACKUP_DIR/xuefan.dump"
MEDIA_TAR="$BACKUP_DIR/media.tar.gz"

# The restore target: a new database on the same server (URL with another path).
SOURCE_DB="$(psql "$DATABASE_URL" -Atqc 'select current_database()')" || fail "cannot connect to DATABASE_URL"
RESTORE_DB="${SOURCE_DB}_drill_$(date -u +%H%M%S)_$$"
with_db() { # URL with the database name replaced (query string kept)
	local url="$1" db="$2" base rest=""
	base="${url%%\?*}"
	[[ "$url" == *\?* ]] && rest="?${url#*\?}"
	echo "${base%/*}/$db$rest"
}
ADMIN_URL="$(with_db "$DATABASE_URL" postgres)"
RESTORE_URL="$(with_db "$DATABASE_URL" "$RESTORE_DB")"

cleanup() {
	if [[ "${DRILL_KEEP_RESTORE:-0}" != 1 ]]; then
		psql "$ADMIN_URL" -qc "drop database if exists \"$RESTORE_DB\"" >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

echo "backup-drill: dumping $SOURCE_DB to $DUMP" >&2
pg_dump --format=custom --no-owner --file="$DUMP" "$DATABASE_URL" || fail "pg_dump failed"
pg_restore --list "$DUMP" >/dev/null || fail "the dump is not readable by pg_restore"

echo "backup-drill: restoring into $RESTORE_DB" >&2
psql "$ADMIN_URL" -qc "create database \"$RESTORE_DB\"" >/dev/null || fail "cannot create $RESTORE_DB"
pg_restore --no-owner --exit-on-error --dbname="$RESTORE_URL" "$DUMP" || fail "pg_restore failed"

# Exact row counts of every table outside the system schemas, one "schema.table count" a line.
COUNT_SQL="select format('select %L, count(*) from %I.%I;', schemaname || '.' || relname, schemaname, relname)
	from pg_stat_user_tables order by schemaname, relname"
counts() { psql "$1" -AtqF ' ' -c "$COUNT_SQL" | psql "$1" -AtqF ' ' ; }
counts "$DATABASE_URL" >"$BACKUP_DIR/rows-source.txt" || fail "counting rows in $SOURCE_DB failed"
counts "$RESTORE_URL" >"$BACKUP_DIR/rows-restored.txt" || fail "counting rows in $RESTORE_DB failed"
if ! diff -u "$BACKUP_DIR/rows-source.txt" "$BACKUP_DIR/rows-restored.txt" >&2; then
	fail "row counts differ between $SOURCE_DB and the restore"
fi
TABLES="$(wc -l <"$BACKUP_DIR/rows-source.txt")"
ROWS="$(awk '{ s += $2 } END { print s + 0 }' "$BACKUP_DIR/rows-source.txt")"

echo "backup-drill: archiving $MEDIA_DIR to $MEDIA_TAR" >&2
tar -czf "$MEDIA_TAR" -C "$MEDIA_DIR" . || fail "tar of the media directory failed"
CHECK_DIR="$(mktemp -d)"
trap 'rm -rf "$CHECK_DIR"; cleanup' EXIT
tar -xzf "$MEDIA_TAR" -C "$CHECK_DIR" || fail "the media archive does not extract"
diff -r "$MEDIA_DIR" "$CHECK_DIR" >&2 || fail "the media archive differs from $MEDIA_DIR"
FILES="$(find "$MEDIA_DIR" -type f | wc -l)"
MEDIA_BYTES="$(du -sb "$MEDIA_DIR" | cut -f1)"

echo "backup-drill: ok — $TABLES tables, $ROWS rows, $FILES media files" >&2
printf '{"ok":true,"dump":"%s","media":"%s","tables":%d,"rows":%d,"media_files":%d,"media_bytes":%d}\n' \
	"$DUMP" "$MEDIA_TAR" "$TABLES" "$ROWS" "$FILES" "$MEDIA_BYTES"
