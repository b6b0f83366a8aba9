-- The score ledger becomes an RFC 6962 Merkle log per selection year and stage (was: a hash chain
-- per session), with signed tree heads, and every seat gets an exam-card code for verifyScore.

-- Exam-card codes: 16 hex digits (64 bits: random hex digits of two gen_random_uuid, from
-- pg_strong_random), made by the database for every seat, however it is inserted.
ALTER TABLE "ExamSeat" ADD COLUMN "examCardCode" TEXT NOT NULL DEFAULT upper((substr(replace((gen_random_uuid())::text, '-'::text, ''::text), 1, 12) || substr(replace((gen_random_uuid())::text, '-'::text, ''::text), 1, 4)));

ALTER TABLE "ExamSession" ADD COLUMN "closingLogSize" INTEGER;

CREATE TABLE "LedgerLog" (
    "id" SERIAL NOT NULL,
    "selectionYearId" INTEGER NOT NULL,
    "stage" "ExamStage" NOT NULL,
    "size" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "LedgerLog_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "LedgerNode" (
    "logId" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    CONSTRAINT "LedgerNode_pkey" PRIMARY KEY ("logId","level","index")
);
CREATE TABLE "LedgerHead" (
    "id" SERIAL NOT NULL,
    "logId" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "rootHash" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "keyId" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    CONSTRAINT "LedgerHead_pkey" PRIMARY KEY ("id")
);

-- Existing chain entries move into their year and stage's log, in commit (id) order.
ALTER TABLE "LedgerEntry" ADD COLUMN "leafIndex" INTEGER, ADD COLUMN "logId" INTEGER;
INSERT INTO "LedgerLog" ("selectionYearId", "stage")
SELECT DISTINCT s."selectionYearId", s."stage" FROM "LedgerEntry" e JOIN "ExamSession" s ON s."id" = e."sessionId";
UPDATE "LedgerEntry" e SET "logId" = t."logId", "leafIndex" = t."leafIndex"
FROM (
  SELECT e2."id", l."id" AS "logId", (row_number() OVER (PARTITION BY l."id" ORDER BY e2."id") - 1)::int AS "leafIndex"
  FROM "LedgerEntry" e2 JOIN "ExamSession" s ON s."id" = e2."sessionId"
  JOIN "LedgerLog" l ON l."selectionYearId" = s."selectionYearId" AND l."stage" = s."stage"
) t WHERE t."id" = e."id";
UPDATE "LedgerLog" l SET "size" = (SELECT count(*) FROM "LedgerEntry" e WHERE e."logId" = l."id");
-- Leaves (RFC 6962: SHA-256 of 0x00 || entry), then each level of perfect subtrees from the one below.
INSERT INTO "LedgerNode" ("logId", "level", "index", "hash")
SELECT "logId", 0, "leafIndex", encode(sha256('\x00'::bytea || convert_to("record", 'UTF8')), 'hex') FROM "LedgerEntry";
DO $$
DECLARE lvl integer := 0;
BEGIN
  LOOP
    INSERT INTO "LedgerNode" ("logId", "level", "index", "hash")
    SELECT a."logId", lvl + 1, a."index" / 2, encode(sha256('\x01'::bytea || decode(a."hash", 'hex') || decode(b."hash", 'hex')), 'hex')
    FROM "LedgerNode" a JOIN "LedgerNode" b ON b."logId" = a."logId" AND b."level" = lvl AND b."index" = a."index" + 1
    WHERE a."level" = lvl AND a."index" % 2 = 0;
    EXIT WHEN NOT FOUND;
    lvl := lvl + 1;
  END LOOP;
END $$;
-- A closed session's old chain head is not a Merkle root: its closing head is the log as it is now.
UPDATE "ExamSession" s SET "closingLogSize" = l."size", "chainHead" = NULL
FROM "LedgerLog" l WHERE s."status" = 'CLOSED' AND l."selectionYearId" = s."selectionYearId" AND l."stage" = s."stage";
UPDATE "ExamSession" SET "chainHead" = NULL WHERE "status" = 'CLOSED' AND "closingLogSize" IS NULL;
ALTER TABLE "LedgerEntry" DROP COLUMN "hash", DROP COLUMN "previousHash", DROP COLUMN "recordHash",
  ALTER COLUMN "leafIndex" SET NOT NULL, ALTER COLUMN "logId" SET NOT NULL;

CREATE UNIQUE INDEX "LedgerLog_selectionYearId_stage_key" ON "LedgerLog"("selectionYearId", "stage");
CREATE INDEX "LedgerHead_logId_size_idx" ON "LedgerHead"("logId", "size");
CREATE UNIQUE INDEX "LedgerEntry_logId_leafIndex_key" ON "LedgerEntry"("logId", "leafIndex");
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_logId_fkey" FOREIGN KEY ("logId") REFERENCES "LedgerLog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LedgerLog" ADD CONSTRAINT "LedgerLog_selectionYearId_fkey" FOREIGN KEY ("selectionYearId") REFERENCES "SelectionYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LedgerNode" ADD CONSTRAINT "LedgerNode_logId_fkey" FOREIGN KEY ("logId") REFERENCES "LedgerLog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "LedgerHead" ADD CONSTRAINT "LedgerHead_logId_fkey" FOREIGN KEY ("logId") REFERENCES "LedgerLog"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Append-only: entries, nodes and signed heads are never changed or removed; a log's size only grows.
CREATE FUNCTION "ledger_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER "LedgerEntry_append_only" BEFORE UPDATE OR DELETE ON "LedgerEntry" FOR EACH ROW EXECUTE FUNCTION "ledger_append_only"();
CREATE TRIGGER "LedgerEntry_no_truncate" BEFORE TRUNCATE ON "LedgerEntry" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_append_only"();
CREATE TRIGGER "LedgerNode_append_only" BEFORE UPDATE OR DELETE ON "LedgerNode" FOR EACH ROW EXECUTE FUNCTION "ledger_append_only"();
CREATE TRIGGER "LedgerNode_no_truncate" BEFORE TRUNCATE ON "LedgerNode" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_append_only"();
CREATE TRIGGER "LedgerHead_append_only" BEFORE UPDATE OR DELETE ON "LedgerHead" FOR EACH ROW EXECUTE FUNCTION "ledger_append_only"();
CREATE TRIGGER "LedgerHead_no_truncate" BEFORE TRUNCATE ON "LedgerHead" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_append_only"();
CREATE FUNCTION "ledger_log_grows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' OR NEW."size" < OLD."size" OR NEW."selectionYearId" <> OLD."selectionYearId" OR NEW."stage" <> OLD."stage" OR NEW."id" <> OLD."id" THEN
    RAISE EXCEPTION 'LedgerLog only grows';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "LedgerLog_grows" BEFORE UPDATE OR DELETE ON "LedgerLog" FOR EACH ROW EXECUTE FUNCTION "ledger_log_grows"();
CREATE TRIGGER "LedgerLog_no_truncate" BEFORE TRUNCATE ON "LedgerLog" FOR EACH STATEMENT EXECUTE FUNCTION "ledger_append_only"();
