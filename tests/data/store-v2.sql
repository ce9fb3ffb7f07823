-- A download list as Gather's store schema version 2 writes it (PRAGMA user_version = 2): version
-- 1's table with the columns step 1 -> 2 adds (a download's own split and speed limit; NULL
-- follows the settings). Kept as it shipped: tst_downloadstore opens it with every newer build
-- and expects the downloads in fixtureDownloads(). A new schema version adds its own store-v<N>.sql.
CREATE TABLE downloads (
  id INTEGER PRIMARY KEY,
  position INTEGER NOT NULL,
  url TEXT,
  line INTEGER NOT NULL DEFAULT 0,
  out_name TEXT,
  dir TEXT,
  checksum TEXT,
  headers TEXT,
  final_url TEXT,
  state TEXT NOT NULL,
  file_name TEXT,
  part_path TEXT,
  final_path TEXT,
  existing_file TEXT,
  total_bytes INTEGER NOT NULL DEFAULT -1,
  bytes_written INTEGER NOT NULL DEFAULT 0,
  durable TEXT,
  etag BLOB,
  last_modified BLOB,
  added_at INTEGER,
  finished_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_kind TEXT,
  error_message TEXT,
  error_retryable INTEGER NOT NULL DEFAULT 0,
  note TEXT
);
ALTER TABLE downloads ADD COLUMN split INTEGER;
ALTER TABLE downloads ADD COLUMN max_bytes_per_second INTEGER;
INSERT INTO downloads (id, position, url, line, out_name, dir, checksum, headers, final_url, state, file_name, part_path, final_path, existing_file, total_bytes, bytes_written, durable, etag, last_modified, added_at, finished_at, attempts, error_kind, error_message, error_retryable, note, split, max_bytes_per_second) VALUES
  (1, 0, 'https://example.org/files/R%C3%A9sum%C3%A9%20final.pdf', 3, 'résumé.pdf', '/home/ana/Téléchargements', 'sha-256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '[["Authorization","Bearer abc"],["X-Odd","a\u0000ÿ"]]', 'https://cdn.example.org/r%C3%A9sum%C3%A9.pdf', 'completed', 'résumé.pdf', NULL, '/home/ana/Téléchargements/résumé.pdf', 'rename', 1234, 1234, '0-1234', X'2261626322', X'5468752C203031204A616E20323032362030303A30303A303020474D54', 1767225600000, 1767225661000, 1, 'none', NULL, 0, NULL, NULL, NULL);
INSERT INTO downloads (id, position, url, line, out_name, dir, checksum, headers, final_url, state, file_name, part_path, final_path, existing_file, total_bytes, bytes_written, durable, etag, last_modified, added_at, finished_at, attempts, error_kind, error_message, error_retryable, note, split, max_bytes_per_second) VALUES
  (2, 1, 'http://mirror.example.net/big.iso', 0, NULL, NULL, NULL, '[]', NULL, 'paused', 'big.iso', NULL, '/srv/big.iso', 'overwrite', 10485760, 2097152, '0-1048576,2097152-3145728', X'227631000122', NULL, 1767225700000, NULL, 3, 'network', 'Connection reset by peer', 1, 'Paused by you', NULL, NULL);
INSERT INTO downloads (id, position, url, line, out_name, dir, checksum, headers, final_url, state, file_name, part_path, final_path, existing_file, total_bytes, bytes_written, durable, etag, last_modified, added_at, finished_at, attempts, error_kind, error_message, error_retryable, note, split, max_bytes_per_second) VALUES
  (5, 2, 'https://example.com/missing', 0, NULL, NULL, 'md5=d41d8cd98f00b204e9800998ecf8427e', '[]', NULL, 'failed', NULL, NULL, NULL, 'skip', -1, 0, '', NULL, NULL, 1767225800000, 1767225801500, 1, 'http', 'The server answered 404 Not Found', 0, NULL, NULL, NULL);
PRAGMA user_version = 2;
