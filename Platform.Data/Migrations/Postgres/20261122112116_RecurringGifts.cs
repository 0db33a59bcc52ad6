using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RecurringGifts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecurringGifts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgramId = table.Column<Guid>(type: "uuid", nullable: false),
                    DonorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    DonorEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    DonorName = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    PostalAddress = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    CoverFee = table.Column<bool>(type: "boolean", nullable: false),
                    IsAnonymous = table.Column<bool>(type: "boolean", nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    CardToken = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CardLast4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextChargeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Month = table.Column<int>(type: "integer", nullable: false),
                    FailedAttempts = table.Column<int>(type: "integer", nullable: false),
                    RetryAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastFailure = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ChargeAttempts = table.Column<int>(type: "integer", nullable: false),
                    PendingAttemptKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecurringGifts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecurringGifts_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecurringGifts_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Donations_RecurringGiftId",
                table: "Donations",
                column: "RecurringGiftId");

            migrationBuilder.CreateIndex(
                name: "IX_RecurringGifts_DonorEmail",
                table: "RecurringGifts",
                column: "DonorEmail");

            migrationBuilder.CreateIndex(
                name: "IX_RecurringGifts_DonorUserId",
                table: "RecurringGifts",
                column: "DonorUserId");

            migrationBuilder.CreateIndex(
                name: "IX_RecurringGifts_OrganizationId",
                table: "RecurringGifts",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_RecurringGifts_ProgramId",
                table: "RecurringGifts",
                column: "ProgramId");

            migrationBuilder.CreateIndex(
                name: "IX_RecurringGifts_Status_NextChargeAt",
                table: "RecurringGifts",
                columns: new[] { "Status", "NextChargeAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Donations_RecurringGifts_RecurringGiftId",
                table: "Donations",
                column: "RecurringGiftId",
                principalTable: "RecurringGifts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Donations_RecurringGifts_RecurringGiftId",
                table: "Donations");

            migrationBuilder.DropTable(
                name: "RecurringGifts");

            migrationBuilder.DropIndex(
                name: "IX_Donations_RecurringGiftId",
                table: "Donations");
        }
    }
}
