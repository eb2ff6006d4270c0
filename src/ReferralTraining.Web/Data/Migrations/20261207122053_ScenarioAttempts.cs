using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScenarioAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ScenarioRequirement",
                table: "course_versions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Scenarios",
                table: "course_versions",
                type: "jsonb",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "scenario_attempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    CourseVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ScenarioId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastActivityAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EngagedSeconds = table.Column<int>(type: "integer", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CurrentNodeId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    FeedbackPending = table.Column<bool>(type: "boolean", nullable: false),
                    Scenario = table.Column<string>(type: "jsonb", nullable: false),
                    Steps = table.Column<string>(type: "jsonb", nullable: false),
                    FidelityPercent = table.Column<int>(type: "integer", nullable: true),
                    Results = table.Column<string>(type: "jsonb", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scenario_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_scenario_attempts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_scenario_attempts_course_versions_CourseVersionId",
                        column: x => x.CourseVersionId,
                        principalTable: "course_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_scenario_attempts_enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_scenario_attempts_CourseVersionId_ScenarioId",
                table: "scenario_attempts",
                columns: new[] { "CourseVersionId", "ScenarioId" });

            migrationBuilder.CreateIndex(
                name: "IX_scenario_attempts_EnrollmentId",
                table: "scenario_attempts",
                column: "EnrollmentId");

            migrationBuilder.CreateIndex(
                name: "IX_scenario_attempts_one_open",
                table: "scenario_attempts",
                columns: new[] { "UserId", "ScenarioId" },
                unique: true,
                filter: "\"FinishedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_scenario_attempts_UserId_ScenarioId_Number",
                table: "scenario_attempts",
                columns: new[] { "UserId", "ScenarioId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scenario_attempts");

            migrationBuilder.DropColumn(
                name: "ScenarioRequirement",
                table: "course_versions");

            migrationBuilder.DropColumn(
                name: "Scenarios",
                table: "course_versions");
        }
    }
}
