"""Backup and restore of everything the application keeps: the database and the stored files
(generated documents and case attachments, all under MEDIA_ROOT), in one .tar.gz archive with
a manifest (JSON: date, version, database vendor, every file with its SHA-256).

`archive.create_backup` and `archive.restore_backup` are what `manage.py backup` and
`manage.py restore` run; docs/backup.md tells the operator's side. Restore checks the whole
archive against its manifest before it changes anything.
"""
