-- AlterEnum
ALTER TYPE "IngestionKind" ADD VALUE 'SKB_RESULTS';

-- CreateTable
CREATE TABLE "SkbResult" (
    "id" SERIAL NOT NULL,
    "applicationId" INTEGER NOT NULL,
    "formationId" INTEGER NOT NULL,
    "participantNumber" TEXT NOT NULL,
    "sessionId" INTEGER NOT NULL,
    "components" JSONB NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "batchId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SkbResult_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SkbResult_applicationId_key" ON "SkbResult"("applicationId");

-- CreateIndex
CREATE INDEX "SkbResult_formationId_idx" ON "SkbResult"("formationId");

-- AddForeignKey
ALTER TABLE "SkbResult" ADD CONSTRAINT "SkbResult_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SkbResult" ADD CONSTRAINT "SkbResult_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
