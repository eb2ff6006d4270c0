using System.Data.Common;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Infrastructure.Observability;

namespace ReferralTraining.Web.Infrastructure.BackgroundJobs;

internal static class HangfireSql
{
    // Hangfire.PostgreSql writes heartbeats and fetch times with now() (timestamptz) and lock times from the
    // client's UTC clock into a column without a time zone: each age is computed on its own terms.
    public static async Task<List<T>> QueryAsync<T>(AppDbContext db, string sql, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(read(reader));
            }
            return rows;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>"SendEmailBatchJob.SendAsync" from Hangfire's stored invocation data (compact or full form).</summary>
    public const string JobNameSql = """
        regexp_replace(coalesce(j.invocationdata::jsonb->>'t', j.invocationdata::jsonb->>'Type', '?'), '^([^,]*\.)?([^.,]+)(,.*)?$', '\2')
        || '.' || coalesce(j.invocationdata::jsonb->>'m', j.invocationdata::jsonb->>'Method', '?')
        """;
}
