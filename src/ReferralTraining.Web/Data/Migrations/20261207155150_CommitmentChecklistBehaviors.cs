using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CommitmentChecklistBehaviors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AvoidBehavior",
                table: "commitments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Behavior",
                table: "commitments",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChecklistItemKey",
                table: "commitments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Behavior",
                table: "commitment_responses",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AvoidBehavior",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "Behavior",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "ChecklistItemKey",
                table: "commitments");

            migrationBuilder.DropColumn(
                name: "Behavior",
                table: "commitment_responses");
        }
    }
}
