using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralTraining.Web.Data;

/// <summary>
/// Maps an immutable list of records to one jsonb column. Used for content snapshots
/// (objectives, references) that are always read and written as a whole.
/// </summary>
public static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The JSON these columns hold, for writes done in SQL rather than through change tracking.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Reads what these columns hold, for reads done outside EF Core.</summary>
    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static PropertyBuilder<IReadOnlyList<T>> HasJsonConversion<T>(this PropertyBuilder<IReadOnlyList<T>> property) =>
        property
            .HasColumnType("jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, Options),
                v => JsonSerializer.Deserialize<List<T>>(v, Options) ?? new List<T>(),
                new ValueComparer<IReadOnlyList<T>>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
                    v => v.ToList()));

    /// <summary>Maps a whole immutable object graph (e.g. a quiz pool snapshot) to one jsonb column.</summary>
    public static PropertyBuilder<T> HasJsonObjectConversion<T>(this PropertyBuilder<T> property) =>
        property.HasJsonbConversion(new ValueComparer<T>(
            (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
            v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
            v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options)!));

    /// <summary>
    /// Maps a snapshot that is written once and never changed afterwards (a scenario attempt's copy of the scenario) to
    /// one jsonb column, compared by reference: a tracked load then costs one deserialization instead of four more
    /// (the snapshot copy and the two serializations of every DetectChanges), which on a 13 KB scenario was most of a
    /// scenario step's CPU. Assign a new object to change it; mutating the graph in place would go unsaved.
    /// </summary>
    public static PropertyBuilder<T> HasSnapshotConversion<T>(this PropertyBuilder<T> property) where T : class =>
        property.HasJsonbConversion(new ValueComparer<T>(
            (a, b) => ReferenceEquals(a, b),
            v => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(v),
            v => v));

    /// <summary>One object graph as one jsonb column; the comparer decides what change tracking costs.</summary>
    private static PropertyBuilder<T> HasJsonbConversion<T>(this PropertyBuilder<T> property, ValueComparer<T> comparer) =>
        property
            .HasColumnType("jsonb")
            .HasConversion(v => JsonSerializer.Serialize(v, Options), v => JsonSerializer.Deserialize<T>(v, Options)!, comparer);
}
