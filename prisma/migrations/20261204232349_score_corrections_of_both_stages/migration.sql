-- SKB corrections are kept as history too: a correction names its stage and the row it changed,
-- an ExamResult (SKD) or an SkbResult (SKB), never both. Every correction before this one is SKD.
ALTER TABLE "ScoreCorrection" ADD COLUMN     "skbResultId" INTEGER,
ADD COLUMN     "stage" "ExamStage" NOT NULL DEFAULT 'SKD',
ALTER COLUMN "resultId" DROP NOT NULL;
ALTER TABLE "ScoreCorrection" ALTER COLUMN "stage" DROP DEFAULT;
ALTER TABLE "ScoreCorrection" ADD CONSTRAINT "ScoreCorrection_one_result" CHECK (
  ("stage" = 'SKD' AND "resultId" IS NOT NULL AND "skbResultId" IS NULL)
  OR ("stage" = 'SKB' AND "skbResultId" IS NOT NULL AND "resultId" IS NULL)
);

-- CreateIndex
CREATE INDEX "ScoreCorrection_skbResultId_idx" ON "ScoreCorrection"("skbResultId");

-- AddForeignKey
ALTER TABLE "ScoreCorrection" ADD CONSTRAINT "ScoreCorrection_skbResultId_fkey" FOREIGN KEY ("skbResultId") REFERENCES "SkbResult"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
