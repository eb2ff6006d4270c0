using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralTraining.Web.Data.Migrations
{
    /// <summary>
    /// ADR-018: each certificate document keeps the zone its dates are shown in. Certificates issued before it get the
    /// holder's profile zone (what their PDF already showed), or UTC when that is missing. No model change: the zone
    /// lives in the frozen document (jsonb).
    /// </summary>
    public partial class CertificateTimeZone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE certificates AS c
                SET "Document" = jsonb_set(c."Document", '{timeZoneId}', to_jsonb(COALESCE(NULLIF(u."TimeZoneId", ''), 'UTC')))
                FROM "AspNetUsers" AS u
                WHERE u."Id" = c."UserId" AND (c."Document"->>'timeZoneId') IS NULL;
                UPDATE certificates SET "Document" = jsonb_set("Document", '{timeZoneId}', '"UTC"')
                WHERE ("Document"->>'timeZoneId') IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE certificates SET "Document" = "Document" - 'timeZoneId';""");
        }
    }
}
