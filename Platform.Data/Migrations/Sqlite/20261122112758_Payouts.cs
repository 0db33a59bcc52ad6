using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Payouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Payouts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PeriodKey = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PeriodStart = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodEnd = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Gross = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Fees = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Refunds = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    ReserveHeld = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    ReserveReleased = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Net = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReserveReturnedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    GatewayPayoutId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payouts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Payouts_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Payouts_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Payouts_DocumentId",
                table: "Payouts",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_Payouts_OrganizationId_PeriodKey_Currency",
                table: "Payouts",
                columns: new[] { "OrganizationId", "PeriodKey", "Currency" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payouts_PeriodKey",
                table: "Payouts",
                column: "PeriodKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Payouts");
        }
    }
}
