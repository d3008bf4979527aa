-- CreateTable
CREATE TABLE "UsageWeek" (
    "tenantId" TEXT NOT NULL,
    "weekStart" DATE NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "UsageWeek_pkey" PRIMARY KEY ("tenantId","weekStart","userId")
);

-- CreateIndex
CREATE INDEX "UsageWeek_tenantId_userId_weekStart_idx" ON "UsageWeek"("tenantId", "userId", "weekStart");
