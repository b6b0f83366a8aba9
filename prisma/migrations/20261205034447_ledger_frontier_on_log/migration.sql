-- Cheaper appends: each log keeps its RFC 6962 frontier (the hash of each perfect subtree of
-- [0, size), largest first: one per set bit of the size) in its own row. The append's locking
-- upsert returns it with the size, so an append no longer reads stored nodes and the tail block's
-- leaf hashes in a round trip of its own.
ALTER TABLE "LedgerLog" ADD COLUMN     "frontier" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Existing logs: levels >= 4 from their stored nodes, lower ones hashed from the leaf hashes of
-- the last block (node = SHA-256(0x01 || left || right)). A log whose tree is incomplete stops the migration.
DO $$
DECLARE
  l record;
  lvl integer;
  start integer;
  h text;
  hashes text[];
  f text[];
BEGIN
  FOR l IN SELECT "id", "size" FROM "LedgerLog" LOOP
    f := ARRAY[]::text[];
    start := 0;
    FOR lvl IN REVERSE 30..0 LOOP
      CONTINUE WHEN (l."size" >> lvl) & 1 = 0;
      IF lvl >= 4 THEN
        h := (SELECT "hash" FROM "LedgerNode" WHERE "logId" = l."id" AND "level" = lvl AND "index" = start >> lvl);
      ELSE
        hashes := ARRAY(SELECT "leafHash" FROM "LedgerEntry" WHERE "logId" = l."id" AND "leafIndex" >= start AND "leafIndex" < start + (1 << lvl) ORDER BY "leafIndex");
        IF cardinality(hashes) <> 1 << lvl THEN
          RAISE EXCEPTION 'score log %: % leaf hashes from leaf %, expected %', l."id", cardinality(hashes), start, 1 << lvl;
        END IF;
        WHILE cardinality(hashes) > 1 LOOP
          hashes := ARRAY(SELECT encode(sha256('\x01'::bytea || decode(hashes[2 * k - 1], 'hex') || decode(hashes[2 * k], 'hex')), 'hex')
                          FROM generate_series(1, cardinality(hashes) / 2) AS k ORDER BY k);
        END LOOP;
        h := hashes[1];
      END IF;
      IF h IS NULL THEN
        RAISE EXCEPTION 'score log %: no stored node of level % at leaf %', l."id", lvl, start;
      END IF;
      f := f || h;
      start := start + (1 << lvl);
    END LOOP;
    UPDATE "LedgerLog" SET "frontier" = f WHERE "id" = l."id";
  END LOOP;
END $$;

-- The frontier moves only with the size and holds one hash per set bit of it (a log still only grows).
CREATE OR REPLACE FUNCTION "ledger_log_grows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW."size" < OLD."size" OR NEW."selectionYearId" <> OLD."selectionYearId" OR NEW."stage" <> OLD."stage" OR NEW."id" <> OLD."id" THEN
    RAISE EXCEPTION 'LedgerLog only grows';
  END IF;
  IF (NEW."size" = OLD."size" AND NEW."frontier" IS DISTINCT FROM OLD."frontier") OR coalesce(cardinality(NEW."frontier"), -1) <> bit_count(NEW."size"::bit(32)) THEN
    RAISE EXCEPTION 'LedgerLog frontier must hold one hash per set bit of its size and change only as the log grows';
  END IF;
  RETURN NEW;
END $$;
