-- CreateEnum
CREATE TYPE "RegionFigure" AS ENUM ('FILL_RATE', 'IKM', 'SKD_PASS_RATE', 'DAYS_TO_FINAL_RESULT');

-- CreateTable
CREATE TABLE "RegionTarget" (
    "id" SERIAL NOT NULL,
    "regionId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "figure" "RegionFigure" NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegionTarget_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegionTarget_regionId_year_figure_key" ON "RegionTarget"("regionId", "year", "figure");

-- AddForeignKey
ALTER TABLE "RegionTarget" ADD CONSTRAINT "RegionTarget_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
