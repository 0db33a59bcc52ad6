using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ConvertedAt",
                table: "Organizations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "EntityId",
                table: "AuditEntries",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "MonthlyReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    PdfDocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CsvDocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EmailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MonthlyReports_Documents_CsvDocumentId",
                        column: x => x.CsvDocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyReports_Documents_PdfDocumentId",
                        column: x => x.PdfDocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MonthlyReports_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlatformReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    PdfDocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CsvDocumentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EmailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlatformReports_Documents_CsvDocumentId",
                        column: x => x.CsvDocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlatformReports_Documents_PdfDocumentId",
                        column: x => x.PdfDocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Donations_OrganizationId_SucceededAt",
                table: "Donations",
                columns: new[] { "OrganizationId", "SucceededAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyReports_CsvDocumentId",
                table: "MonthlyReports",
                column: "CsvDocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyReports_OrganizationId_Month",
                table: "MonthlyReports",
                columns: new[] { "OrganizationId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyReports_PdfDocumentId",
                table: "MonthlyReports",
                column: "PdfDocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_PlatformReports_CsvDocumentId",
                table: "PlatformReports",
                column: "CsvDocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_PlatformReports_Month",
                table: "PlatformReports",
                column: "Month",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlatformReports_PdfDocumentId",
                table: "PlatformReports",
                column: "PdfDocumentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyReports");

            migrationBuilder.DropTable(
                name: "PlatformReports");

            migrationBuilder.DropIndex(
                name: "IX_Donations_OrganizationId_SucceededAt",
                table: "Donations");

            migrationBuilder.DropColumn(
                name: "ConvertedAt",
                table: "Organizations");

            migrationBuilder.AlterColumn<string>(
                name: "EntityId",
                table: "AuditEntries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128,
                oldNullable: true);
        }
    }
}
