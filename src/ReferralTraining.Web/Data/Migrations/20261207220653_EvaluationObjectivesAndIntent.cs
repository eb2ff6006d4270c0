using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class EvaluationObjectivesAndIntent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IntendedChange",
                table: "course_evaluations",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Intent",
                table: "course_evaluations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "evaluation_objective_ratings",
                columns: table => new
                {
                    EnrollmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ObjectiveId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Met = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluation_objective_ratings", x => new { x.EnrollmentId, x.ObjectiveId });
                    table.ForeignKey(
                        name: "FK_evaluation_objective_ratings_course_evaluations_EnrollmentId",
                        column: x => x.EnrollmentId,
                        principalTable: "course_evaluations",
                        principalColumn: "EnrollmentId",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_objective_ratings");

            migrationBuilder.DropColumn(
                name: "IntendedChange",
                table: "course_evaluations");

            migrationBuilder.DropColumn(
                name: "Intent",
                table: "course_evaluations");
        }
    }
}
