using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PracticeChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_credit_claims_EnrollmentId_CreditTypeId",
                table: "credit_claims");

            migrationBuilder.DropIndex(
                name: "IX_credit_awards_EnrollmentId_CreditTypeId",
                table: "credit_awards");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "credit_claims",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "Course"); // every existing claim and award is for a course

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "credit_awards",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "Course"); // every existing claim and award is for a course

            migrationBuilder.AddColumn<List<int>>(
                name: "FollowUpDays",
                table: "course_versions",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "'{}'::integer[]");

            migrationBuilder.AddColumn<string>(
                name: "Practices",
                table: "course_versions",
                type: "jsonb",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "commitments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    CourseVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    PracticeId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ExpectedPatients = table.Column<int>(type: "integer", nullable: false),
                    Confidence = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commitments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_commitments_enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    CourseVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    OffsetDays = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    IsFinal = table.Column<bool>(type: "boolean", nullable: false),
                    CompletedCourseAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EditableUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NudgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReminderSentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RespondedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_ups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_follow_ups_enrollments_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "enrollments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "nudge_days",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    LocalDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EmailId = table.Column<Guid>(type: "uuid", nullable: false),
                    Items = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nudge_days", x => new { x.UserId, x.LocalDate });
                    table.ForeignKey(
                        name: "FK_nudge_days_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "nudge_preferences",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    EmailNudges = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedVia = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nudge_preferences", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_nudge_preferences_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "program_self_checks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    AnsweredBy = table.Column<Guid>(type: "uuid", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Answers = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_program_self_checks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_program_self_checks_organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "commitment_responses",
                columns: table => new
                {
                    CommitmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    FollowUpId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    PatientsReached = table.Column<int>(type: "integer", nullable: false),
                    Barriers = table.Column<List<string>>(type: "text[]", nullable: false),
                    BarrierOther = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Helped = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_commitment_responses", x => new { x.CommitmentId, x.FollowUpId });
                    table.ForeignKey(
                        name: "FK_commitment_responses_commitments_CommitmentId",
                        column: x => x.CommitmentId,
                        principalTable: "commitments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_commitment_responses_follow_ups_FollowUpId",
                        column: x => x.FollowUpId,
                        principalTable: "follow_ups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FollowUpId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_up_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_follow_up_tokens_follow_ups_FollowUpId",
                        column: x => x.FollowUpId,
                        principalTable: "follow_ups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_credit_claims_EnrollmentId_CreditTypeId_Kind",
                table: "credit_claims",
                columns: new[] { "EnrollmentId", "CreditTypeId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_credit_claims_one_practice_claim",
                table: "credit_claims",
                column: "EnrollmentId",
                unique: true,
                filter: "\"Kind\" = 'PracticeImprovement'");

            migrationBuilder.CreateIndex(
                name: "IX_credit_awards_EnrollmentId_CreditTypeId_Kind",
                table: "credit_awards",
                columns: new[] { "EnrollmentId", "CreditTypeId", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commitment_responses_FollowUpId",
                table: "commitment_responses",
                column: "FollowUpId");

            migrationBuilder.CreateIndex(
                name: "IX_commitments_CourseId_PracticeId",
                table: "commitments",
                columns: new[] { "CourseId", "PracticeId" });

            migrationBuilder.CreateIndex(
                name: "IX_commitments_EnrollmentId_Number",
                table: "commitments",
                columns: new[] { "EnrollmentId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_commitments_UserId",
                table: "commitments",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_follow_up_tokens_FollowUpId",
                table: "follow_up_tokens",
                column: "FollowUpId");

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_DueAt_UserId",
                table: "follow_ups",
                columns: new[] { "DueAt", "UserId" },
                filter: "\"NudgedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_EnrollmentId_OffsetDays",
                table: "follow_ups",
                columns: new[] { "EnrollmentId", "OffsetDays" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_NudgedAt",
                table: "follow_ups",
                column: "NudgedAt",
                filter: "\"RespondedAt\" IS NULL AND \"ReminderSentAt\" IS NULL AND \"NudgedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_UserId",
                table: "follow_ups",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_program_self_checks_OrganizationId_AnsweredAt",
                table: "program_self_checks",
                columns: new[] { "OrganizationId", "AnsweredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commitment_responses");

            migrationBuilder.DropTable(
                name: "follow_up_tokens");

            migrationBuilder.DropTable(
                name: "nudge_days");

            migrationBuilder.DropTable(
                name: "nudge_preferences");

            migrationBuilder.DropTable(
                name: "program_self_checks");

            migrationBuilder.DropTable(
                name: "commitments");

            migrationBuilder.DropTable(
                name: "follow_ups");

            migrationBuilder.DropIndex(
                name: "IX_credit_claims_EnrollmentId_CreditTypeId_Kind",
                table: "credit_claims");

            migrationBuilder.DropIndex(
                name: "IX_credit_claims_one_practice_claim",
                table: "credit_claims");

            migrationBuilder.DropIndex(
                name: "IX_credit_awards_EnrollmentId_CreditTypeId_Kind",
                table: "credit_awards");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "credit_claims");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "credit_awards");

            migrationBuilder.DropColumn(
                name: "FollowUpDays",
                table: "course_versions");

            migrationBuilder.DropColumn(
                name: "Practices",
                table: "course_versions");

            migrationBuilder.CreateIndex(
                name: "IX_credit_claims_EnrollmentId_CreditTypeId",
                table: "credit_claims",
                columns: new[] { "EnrollmentId", "CreditTypeId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_credit_awards_EnrollmentId_CreditTypeId",
                table: "credit_awards",
                columns: new[] { "EnrollmentId", "CreditTypeId" },
                unique: true);
        }
    }
}
