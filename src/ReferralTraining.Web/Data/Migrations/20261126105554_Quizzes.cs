using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Quizzes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Quiz",
                table: "course_versions",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "quiz_attempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    CourseVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ScorePercent = table.Column<int>(type: "integer", nullable: true),
                    Passed = table.Column<bool>(type: "boolean", nullable: true),
                    PassingScore = table.Column<int>(type: "integer", nullable: false),
                    Questions = table.Column<string>(type: "jsonb", nullable: false),
                    Answers = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quiz_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quiz_attempts_course_versions_CourseVersionId",
                        column: x => x.CourseVersionId,
                        principalTable: "course_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_quiz_attempts_enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quiz_responses",
                columns: table => new
                {
                    AttemptId = table.Column<Guid>(type: "uuid", nullable: false),
                    QuestionId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    CourseVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    SelectedOptionIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    Credit = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quiz_responses", x => new { x.AttemptId, x.QuestionId });
                    table.ForeignKey(
                        name: "FK_quiz_responses_quiz_attempts_AttemptId",
                        column: x => x.AttemptId,
                        principalTable: "quiz_attempts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_quiz_attempts_CourseVersionId",
                table: "quiz_attempts",
                column: "CourseVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_quiz_attempts_EnrollmentId_Number",
                table: "quiz_attempts",
                columns: new[] { "EnrollmentId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quiz_attempts_one_open",
                table: "quiz_attempts",
                column: "EnrollmentId",
                unique: true,
                filter: "\"SubmittedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_quiz_attempts_UserId_CourseId",
                table: "quiz_attempts",
                columns: new[] { "UserId", "CourseId" });

            migrationBuilder.CreateIndex(
                name: "IX_quiz_responses_CourseVersionId_QuestionId",
                table: "quiz_responses",
                columns: new[] { "CourseVersionId", "QuestionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quiz_responses");

            migrationBuilder.DropTable(
                name: "quiz_attempts");

            migrationBuilder.DropColumn(
                name: "Quiz",
                table: "course_versions");
        }
    }
}
