using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportingExportRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reporting_exports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Target = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    NotYetReported = table.Column<bool>(type: "boolean", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: true),
                    To = table.Column<DateOnly>(type: "date", nullable: true),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    RowCount = table.Column<int>(type: "integer", nullable: false),
                    Skipped = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_exports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reporting_export_rows",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ExportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Target = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RowKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CertificateId = table.Column<Guid>(type: "uuid", nullable: false),
                    LicenseState = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    LicenseNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_export_rows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_reporting_export_rows_certificates_CertificateId",
                        column: x => x.CertificateId,
                        principalTable: "certificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_reporting_export_rows_reporting_exports_ExportId",
                        column: x => x.ExportId,
                        principalTable: "reporting_exports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reporting_export_rows_CertificateId",
                table: "reporting_export_rows",
                column: "CertificateId");

            migrationBuilder.CreateIndex(
                name: "IX_reporting_export_rows_ExportId_RowKey",
                table: "reporting_export_rows",
                columns: new[] { "ExportId", "RowKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reporting_export_rows_Target_RowKey",
                table: "reporting_export_rows",
                columns: new[] { "Target", "RowKey" });

            migrationBuilder.CreateIndex(
                name: "IX_reporting_exports_Target_CreatedAt",
                table: "reporting_exports",
                columns: new[] { "Target", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reporting_export_rows");

            migrationBuilder.DropTable(
                name: "reporting_exports");
        }
    }
}
