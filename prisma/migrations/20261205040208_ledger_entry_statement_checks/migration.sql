-- Cheaper appends: an entry row carries one index fewer and no per-row key checks.
-- 1. The entry's key is its place in its log ("logId", "leafIndex"), already unique: the serial id
--    and its index go.
-- 2. The foreign keys to the log and the session checked every row (two lookups per entry, a
--    quarter of an append's cost). One statement-level trigger checks a whole insert instead, and
--    locks the rows it names as a foreign key would (FOR KEY SHARE); a session that has entries
--    cannot be deleted, renumbered or truncated away (a log never can: LedgerLog_grows,
--    LedgerLog_no_truncate).

-- DropForeignKey
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_logId_fkey";

-- DropForeignKey
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_sessionId_fkey";

-- DropIndex
DROP INDEX "LedgerEntry_logId_leafIndex_key";

-- AlterTable
ALTER TABLE "LedgerEntry" DROP CONSTRAINT "LedgerEntry_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("logId", "leafIndex");

CREATE FUNCTION "ledger_entry_refs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(*) FROM (SELECT 1 FROM "LedgerLog" WHERE "id" IN (SELECT "logId" FROM added) FOR KEY SHARE) l) <> (SELECT count(DISTINCT "logId") FROM added)
    OR (SELECT count(*) FROM (SELECT 1 FROM "ExamSession" WHERE "id" IN (SELECT "sessionId" FROM added) FOR KEY SHARE) s) <> (SELECT count(DISTINCT "sessionId") FROM added) THEN
    RAISE EXCEPTION 'LedgerEntry names a log or an exam session that does not exist' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "LedgerEntry_refs" AFTER INSERT ON "LedgerEntry" REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "ledger_entry_refs"();

CREATE FUNCTION "exam_session_keeps_ledger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    IF EXISTS (SELECT 1 FROM "LedgerEntry") THEN
      RAISE EXCEPTION 'ExamSession has score-log entries' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
  END IF;
  IF (TG_OP = 'DELETE' OR NEW."id" <> OLD."id") AND EXISTS (SELECT 1 FROM "LedgerEntry" WHERE "sessionId" = OLD."id") THEN
    RAISE EXCEPTION 'exam session % has score-log entries', OLD."id" USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;
CREATE TRIGGER "ExamSession_keeps_ledger" BEFORE DELETE OR UPDATE OF "id" ON "ExamSession" FOR EACH ROW EXECUTE FUNCTION "exam_session_keeps_ledger"();
CREATE TRIGGER "ExamSession_keeps_ledger_truncate" BEFORE TRUNCATE ON "ExamSession" FOR EACH STATEMENT EXECUTE FUNCTION "exam_session_keeps_ledger"();
