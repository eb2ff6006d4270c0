using System.Data;
using System.Globalization;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Certificates;

namespace ReferralTraining.Web.Features.Verification;

/// <summary>
/// The public lookup by code, the one read a board's roster check repeats thousands of times: one prepared statement on
/// its own multiplexed data source (many concurrent lookups share a few connections and are written and read in batches,
/// so far fewer system calls and database wake-ups per lookup), reading only the columns the answer shows. Not cached:
/// every answer reflects the database at that moment (ADR-010, ADR-012). The rest of the app keeps EF Core.
/// </summary>
public sealed class VerificationReads : IAsyncDisposable
{
    // The answer's fields are picked out of the certificate document by the database (jsonb), so neither side parses or
    // ships the whole document; the amount comes back as a typed numeric.
    private const string Sql = """
        SELECT "VerificationCode", "Status", "StatusChangedAt", "StatusReason",
               "Document"->>'holderGivenName', "Document"->>'holderMiddleName', "Document"->>'holderFamilyName', "Document"->>'holderSuffix',
               ("Document"->'licenses')::text, "Document"->>'courseTitle', "Document"->>'courseVersion', "Document"->>'contentHash',
               "Document"->>'creditTypeName', ("Document"->>'credits')::numeric, "Document"->>'creditUnit',
               "Document"->>'activityEnd', "Document"->>'issuedAt', "Document"->>'providerName', "Document"->>'timeZoneId'
        FROM certificates WHERE "VerificationCode" = $1
        """;

    private readonly NpgsqlDataSource source;

    public VerificationReads(IConfiguration configuration) =>
        source = NpgsqlDataSource.Create(Settings(configuration.GetConnectionString("Postgres")));

    /// <summary>The main connection string, multiplexed, on a quarter of the main pool's size (2–8 connections).</summary>
    public static NpgsqlConnectionStringBuilder Settings(string? connectionString)
    {
        var main = new NpgsqlConnectionStringBuilder(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(main.ConnectionString)
        {
            Multiplexing = true,
            // A few connections carry all lookups; the main pool keeps its size for everything else.
            MaxPoolSize = Math.Clamp(main.MaxPoolSize / 4, 2, 8),
            ApplicationName = "referraltraining-verification",
        };
        // A deployment's Minimum Pool Size is meant for the main pool; here it must not exceed the smaller maximum.
        builder.MinPoolSize = Math.Min(main.MinPoolSize, builder.MaxPoolSize);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 4;
        }
        return builder;
    }

    public async Task<VerificationResult?> ByCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        // A connection broken by a database restart fails once; the retry takes a fresh one (as EF's retrying strategy does).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = source.CreateCommand(Sql);
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return null;
                }
                var status = Enum.Parse<CertificateStatus>(reader.GetString(1));
                return new VerificationResult(
                    VerificationService.StatusName(status), reader.GetString(0),
                    AppUser.FullName(Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7)),
                    reader.IsDBNull(8) ? [] : JsonColumn.Deserialize<List<LicenseLine>>(reader.GetString(8)),
                    Text(reader, 9), Text(reader, 10), Text(reader, 11), Text(reader, 12),
                    reader.IsDBNull(13) ? null : reader.GetDecimal(13), Text(reader, 14),
                    Timestamp(reader, 15), Timestamp(reader, 16),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                    StatusReasons.Public(status, Text(reader, 3)),
                    Text(reader, 17),
                    reader.IsDBNull(15) ? null : CertificateDates.Completed(Timestamp(reader, 15)!.Value, Text(reader, 18)));
            }
            catch (NpgsqlException ex) when (ex.IsTransient && attempt < 3 && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // Parsed from the document's own text: a timestamptz cast would round the 100-ns digit the document keeps.
    private static DateTimeOffset? Timestamp(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public ValueTask DisposeAsync() => source.DisposeAsync();
}
