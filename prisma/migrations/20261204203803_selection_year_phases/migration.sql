-- CreateEnum
CREATE TYPE "SelectionPhase" AS ENUM ('PLANNED', 'REGISTRATION', 'VERIFICATION', 'APPEAL', 'SKD', 'SKB', 'FINAL', 'APPOINTMENT', 'CLOSED');

-- AlterTable
ALTER TABLE "ExamSite" ADD COLUMN     "capacity" INTEGER;

-- AlterTable
ALTER TABLE "SelectionYear" ADD COLUMN     "phase" "SelectionPhase" NOT NULL DEFAULT 'PLANNED';

-- CreateTable
CREATE TABLE "SelectionSchedule" (
    "id" SERIAL NOT NULL,
    "selectionYearId" INTEGER NOT NULL,
    "phase" "SelectionPhase" NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,

    CONSTRAINT "SelectionSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SelectionSchedule_selectionYearId_phase_key" ON "SelectionSchedule"("selectionYearId", "phase");

-- AddForeignKey
ALTER TABLE "SelectionSchedule" ADD CONSTRAINT "SelectionSchedule_selectionYearId_fkey" FOREIGN KEY ("selectionYearId") REFERENCES "SelectionYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Years created before phases existed had run their course up to appointment.
UPDATE "SelectionYear" SET "phase" = 'APPOINTMENT';
