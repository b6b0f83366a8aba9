-- CreateEnum
CREATE TYPE "ExamStage" AS ENUM ('SKD', 'SKB');

-- CreateEnum
CREATE TYPE "ExamSessionStatus" AS ENUM ('SCHEDULED', 'RUNNING', 'CLOSED');

-- CreateEnum
CREATE TYPE "Attendance" AS ENUM ('SCHEDULED', 'PRESENT', 'ABSENT');

-- CreateEnum
CREATE TYPE "IngestionKind" AS ENUM ('PROGRESS', 'RESULTS');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('RESULT', 'CORRECTION');

-- CreateTable
CREATE TABLE "ExamSite" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "regionId" INTEGER NOT NULL,

    CONSTRAINT "ExamSite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamSession" (
    "id" SERIAL NOT NULL,
    "siteId" INTEGER NOT NULL,
    "selectionYearId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "number" INTEGER NOT NULL,
    "stage" "ExamStage" NOT NULL,
    "status" "ExamSessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "startedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "chainHead" TEXT,

    CONSTRAINT "ExamSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamSeat" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "participantNumber" TEXT NOT NULL,
    "attendance" "Attendance" NOT NULL DEFAULT 'SCHEDULED',
    "disqualifiedReason" TEXT,
    "progressTwk" INTEGER,
    "progressTiu" INTEGER,
    "progressTkp" INTEGER,
    "progressAt" TIMESTAMP(3),

    CONSTRAINT "ExamSeat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamResult" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "formationId" INTEGER NOT NULL,
    "participantNumber" TEXT NOT NULL,
    "stage" "ExamStage" NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "twk" INTEGER NOT NULL,
    "tiu" INTEGER NOT NULL,
    "tkp" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "batchId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "disqualified" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ExamResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreCorrection" (
    "id" SERIAL NOT NULL,
    "resultId" INTEGER NOT NULL,
    "before" JSONB NOT NULL,
    "after" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoreCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestionBatch" (
    "id" TEXT NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "kind" "IngestionKind" NOT NULL,
    "requestHash" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestionBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" SERIAL NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "LedgerKind" NOT NULL,
    "participantNumber" TEXT NOT NULL,
    "record" TEXT NOT NULL,
    "recordHash" TEXT NOT NULL,
    "previousHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExamSite_code_key" ON "ExamSite"("code");

-- CreateIndex
CREATE INDEX "ExamSite_regionId_idx" ON "ExamSite"("regionId");

-- CreateIndex
CREATE INDEX "ExamSession_date_idx" ON "ExamSession"("date");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSession_siteId_date_number_stage_key" ON "ExamSession"("siteId", "date", "number", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSeat_sessionId_participantNumber_key" ON "ExamSeat"("sessionId", "participantNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSeat_sessionId_applicationId_key" ON "ExamSeat"("sessionId", "applicationId");

-- CreateIndex
CREATE INDEX "ExamResult_formationId_stage_total_tkp_tiu_twk_participantN_idx" ON "ExamResult"("formationId", "stage", "total" DESC, "tkp" DESC, "tiu" DESC, "twk" DESC, "participantNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ExamResult_applicationId_stage_key" ON "ExamResult"("applicationId", "stage");

-- CreateIndex
CREATE INDEX "ScoreCorrection_resultId_idx" ON "ScoreCorrection"("resultId");

-- CreateIndex
CREATE INDEX "LedgerEntry_sessionId_participantNumber_idx" ON "LedgerEntry"("sessionId", "participantNumber");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_sessionId_sequence_key" ON "LedgerEntry"("sessionId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- AddForeignKey
ALTER TABLE "ExamSite" ADD CONSTRAINT "ExamSite_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "ExamSite"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_selectionYearId_fkey" FOREIGN KEY ("selectionYearId") REFERENCES "SelectionYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSeat" ADD CONSTRAINT "ExamSeat_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamSeat" ADD CONSTRAINT "ExamSeat_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamResult" ADD CONSTRAINT "ExamResult_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamResult" ADD CONSTRAINT "ExamResult_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreCorrection" ADD CONSTRAINT "ScoreCorrection_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "ExamResult"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestionBatch" ADD CONSTRAINT "IngestionBatch_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
