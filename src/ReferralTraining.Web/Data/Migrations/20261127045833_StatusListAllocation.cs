using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class StatusListAllocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_certificates_StatusListIndex",
                table: "certificates");

            migrationBuilder.CreateSequence(
                name: "status_list_position",
                startValue: 0L,
                minValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "StatusList",
                table: "certificates",
                type: "integer",
                nullable: false,
                // Every certificate issued before this migration is in list 1.
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "status_list_slots",
                columns: table => new
                {
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    List = table.Column<int>(type: "integer", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_status_list_slots", x => x.Position);
                });

            migrationBuilder.CreateIndex(
                name: "IX_certificates_StatusList_StatusListIndex",
                table: "certificates",
                columns: new[] { "StatusList", "StatusListIndex" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_status_list_slots_List_Index",
                table: "status_list_slots",
                columns: new[] { "List", "Index" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "status_list_slots");

            migrationBuilder.DropIndex(
                name: "IX_certificates_StatusList_StatusListIndex",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "StatusList",
                table: "certificates");

            migrationBuilder.DropSequence(
                name: "status_list_position");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_StatusListIndex",
                table: "certificates",
                column: "StatusListIndex",
                unique: true);
        }
    }
}
