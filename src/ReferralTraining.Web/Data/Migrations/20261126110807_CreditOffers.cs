using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreditOffers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Credits",
                table: "course_versions",
                type: "jsonb",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Credits",
                table: "course_versions");
        }
    }
}
