using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ReferralTraining.Benchmarks;

/// <summary>CPU used during the measured window, in cores: the whole machine, this process (app + load generator), and the PostgreSQL cluster.</summary>
internal sealed record CpuUse(double MachineBusyCores, double ProcessCores, double? PostgresCores, double OtherCores);

/// <summary>
/// The app database's transactions (every autocommit statement counts) and the cluster's WAL flushes per second during the window (PostgreSQL's cumulative
/// statistics, which backends report up to a second late: good to a few per cent over 20 s).
/// </summary>
internal sealed record DbUse(double CommitsPerSecond, double WalFlushesPerSecond, double WalMegabytesPerSecond);

/// <summary>Reads /proc (Linux only) and PostgreSQL's statistics at the start and the end of the measured window.</summary>
internal sealed class WindowMonitor(string connectionString, int? postmasterPid)
{
    private const double ClockTicksPerSecond = 100; // USER_HZ on Linux

    private sealed record Snapshot(long Timestamp, long MachineBusy, long MachineTotal, TimeSpan Process, long? Postgres);

    private sealed record DbSnapshot(long Timestamp, long Commits, long WalSyncs, long WalBytes);

    public async Task<(CpuUse? Cpu, DbUse? Db)> MeasureAsync(long start, long end)
    {
        await DelayUntil(start);
        var firstDb = await TakeDbAsync();
        var first = OperatingSystem.IsLinux() ? Take() : null;
        await DelayUntil(end);
        var last = OperatingSystem.IsLinux() ? Take() : null;
        var lastDb = await TakeDbAsync();
        DbUse? db = null;
        if (firstDb is not null && lastDb is not null)
        {
            var dbSeconds = (double)(lastDb.Timestamp - firstDb.Timestamp) / Stopwatch.Frequency;
            db = new DbUse((lastDb.Commits - firstDb.Commits) / dbSeconds, (lastDb.WalSyncs - firstDb.WalSyncs) / dbSeconds,
                (lastDb.WalBytes - firstDb.WalBytes) / 1048576.0 / dbSeconds);
        }
        if (first is null || last is null)
        {
            return (null, db);
        }
        var seconds = (double)(last.Timestamp - first.Timestamp) / Stopwatch.Frequency;
        var cores = (last.MachineTotal - first.MachineTotal) / ClockTicksPerSecond / seconds;
        var busyShare = (double)(last.MachineBusy - first.MachineBusy) / Math.Max(1, last.MachineTotal - first.MachineTotal);
        var machine = busyShare * cores;
        var process = (last.Process - first.Process).TotalSeconds / seconds;
        double? postgres = first.Postgres is null || last.Postgres is null ? null : (last.Postgres.Value - first.Postgres.Value) / ClockTicksPerSecond / seconds;
        return (new CpuUse(machine, process, postgres, Math.Max(0, machine - process - (postgres ?? 0))), db);
    }

    private async Task<DbSnapshot?> TakeDbAsync()
    {
        try
        {
            // Outside the app's pool (Pooling=false): one short connection at each end of the window.
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), wal_sync, wal_bytes::bigint FROM pg_stat_wal", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new DbSnapshot(Stopwatch.GetTimestamp(), reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    private static async Task DelayUntil(long timestamp)
    {
        var wait = (double)(timestamp - Stopwatch.GetTimestamp()) / Stopwatch.Frequency;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait));
        }
    }

    private Snapshot Take()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user)
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        using var self = Process.GetCurrentProcess();
        return new Snapshot(Stopwatch.GetTimestamp(), total - idle, total, self.TotalProcessorTime, PostgresTicks());
    }

    /// <summary>CPU ticks of the postmaster and its children, including children that have exited.</summary>
    private long? PostgresTicks()
    {
        if (postmasterPid is null)
        {
            return null;
        }
        long sum = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            var stat = ReadStat(pid);
            if (stat is null)
            {
                continue;
            }
            if (pid == postmasterPid)
            {
                sum += stat.Value.Utime + stat.Value.Stime + stat.Value.Cutime + stat.Value.Cstime;
            }
            else if (stat.Value.Ppid == postmasterPid)
            {
                sum += stat.Value.Utime + stat.Value.Stime;
            }
        }
        return sum;
    }

    public static int? ParentOf(int pid) => ReadStat(pid)?.Ppid;

    private static (int Ppid, long Utime, long Stime, long Cutime, long Cstime)? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: fields start after the last ')'.
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[11], CultureInfo.InvariantCulture), long.Parse(f[12], CultureInfo.InvariantCulture),
                long.Parse(f[13], CultureInfo.InvariantCulture), long.Parse(f[14], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
