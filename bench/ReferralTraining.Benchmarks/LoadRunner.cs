using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using ReferralTraining.Web.Features.Courses.Content.Quizzes;

namespace ReferralTraining.Benchmarks;

/// <summary>One clinician's enrollment in one course copy: up to attemptsAllowed attempts, used by one worker at a time.</summary>
internal sealed class Slot(Clinician clinician, string courseId)
{
    public Clinician Clinician { get; } = clinician;
    public Uri StartUri { get; } = new($"/api/v1/quizzes/courses/{courseId}/attempts", UriKind.Relative);
    public int Submitted { get; set; }
}

internal sealed record AttemptDto(Guid Id, int Number, List<QuestionDto> Questions);

internal sealed record QuestionDto(string QuestionId, List<OptionDto> Options);

internal sealed record OptionDto(string Id);

internal sealed record AnswerDto(string QuestionId, List<string> OptionIds);

internal sealed record SubmitRequest(List<AnswerDto> Answers);

internal sealed record SubmitDto(Guid AttemptId, int Number, int ScorePercent, bool Passed, int PassingScore, bool AlreadySubmitted);

internal sealed record ProblemDto(int? Status, string? Problem);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AttemptDto))]
[JsonSerializable(typeof(SubmitRequest))]
[JsonSerializable(typeof(SubmitDto))]
[JsonSerializable(typeof(ProblemDto))]
internal sealed partial class BenchJson : JsonSerializerContext;

/// <summary>What one worker saw. Merged after the run: no locks on the hot path.</summary>
internal sealed class WorkerStats
{
    /// <summary>Every submit that completed in the measured window: when, how long, and its error (null when graded right).</summary>
    public List<(long Done, long Ticks, string? Error)> Submits { get; } = new(8192);
    public List<long> StartTicks { get; } = new(8192);
    public int StartErrors { get; set; }
    public int SlotsUsedUp { get; set; }
    public int RightAnswers { get; set; }
    public int Questions { get; set; }
    public Dictionary<string, int> ErrorKinds { get; } = [];

    public void Error(string kind) => ErrorKinds[kind] = ErrorKinds.GetValueOrDefault(kind) + 1;
}

internal sealed record LoadResult(
    double WindowSeconds, long[] SubmitTicks, long[] StartTicks, int GradedOk, int SubmitErrors, int StartErrors,
    IReadOnlyDictionary<string, int> ErrorKinds, int SlotsUsedUp, int SlotsTotal, bool RanOutOfAttempts, double RightAnswerShare, double QuestionsPerAttempt,
    CpuUse? Cpu, DbUse? Db);

/// <summary>
/// C workers, each a clinician in a loop: start (or resume) an attempt, then submit answers, a mix of right and
/// wrong. Only submits are measured, and only those that complete inside the measured window.
/// </summary>
internal sealed class LoadRunner(IReadOnlyList<Slot> slots, IReadOnlyDictionary<string, QuestionKey> key, int attemptsAllowed, BenchOptions options, WindowMonitor monitor)
{
    public async Task<LoadResult> RunAsync()
    {
        var random = new Random(options.Seed);
        var shuffled = slots.ToArray();
        random.Shuffle(shuffled);
        var queue = new ConcurrentQueue<Slot>(shuffled);
        var frequency = Stopwatch.Frequency;
        var begin = Stopwatch.GetTimestamp();
        var measureStart = begin + (options.WarmupSeconds * frequency);
        var measureEnd = measureStart + (options.DurationSeconds * frequency);

        var monitorTask = monitor.MeasureAsync(measureStart, measureEnd);
        var stats = Enumerable.Range(0, options.Concurrency).Select(_ => new WorkerStats()).ToArray();
        var exhaustedAt = long.MaxValue;
        var workers = Enumerable.Range(0, options.Concurrency).Select(i => Task.Run(async () =>
        {
            var done = await WorkerAsync(queue, stats[i], new Random(options.Seed + i + 1), measureStart, measureEnd);
            if (done < measureEnd)
            {
                InterlockedMin(ref exhaustedAt, done);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var (cpuUse, dbUse) = await monitorTask;

        var ranOut = exhaustedAt < measureEnd;
        var windowEnd = ranOut ? Math.Max(exhaustedAt, measureStart) : measureEnd;
        // If clinicians ran out of attempts, fewer workers were busy from then on: measure only up to that moment.
        var submits = stats.SelectMany(s => s.Submits).Where(s => s.Done <= windowEnd).ToList();
        var errorKinds = new Dictionary<string, int>();
        foreach (var (kind, count) in stats.SelectMany(s => s.ErrorKinds))
        {
            errorKinds[kind] = errorKinds.GetValueOrDefault(kind) + count;
        }
        foreach (var error in submits.Where(s => s.Error is not null).Select(s => s.Error!))
        {
            errorKinds[error] = errorKinds.GetValueOrDefault(error) + 1;
        }
        var submitTicks = submits.Select(s => s.Ticks).ToArray();
        Array.Sort(submitTicks);
        var startTicks = stats.SelectMany(s => s.StartTicks).ToArray();
        Array.Sort(startTicks);
        var questions = stats.Sum(s => s.Questions);
        return new LoadResult(
            (double)(windowEnd - measureStart) / frequency, submitTicks, startTicks,
            submits.Count(s => s.Error is null), submits.Count(s => s.Error is not null), stats.Sum(s => s.StartErrors), errorKinds,
            slots.Count - queue.Count, slots.Count, ranOut, questions == 0 ? 0 : (double)stats.Sum(s => s.RightAnswers) / questions,
            stats.Sum(s => s.Submits.Count) == 0 ? 0 : (double)questions / stats.Sum(s => s.Submits.Count),
            ranOut ? null : cpuUse, ranOut ? null : dbUse);
    }

    /// <summary>Runs until the measured window ends (returns measureEnd) or no clinician has attempts left (returns when).</summary>
    private async Task<long> WorkerAsync(ConcurrentQueue<Slot> queue, WorkerStats stats, Random random, long measureStart, long measureEnd)
    {
        Slot? slot = null;
        var startFailuresInARow = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= measureEnd)
            {
                return measureEnd;
            }
            if (slot is null && !queue.TryDequeue(out slot))
            {
                return now;
            }
            var current = slot;
            var http = current.Clinician.Http;

            // Start (or resume) an attempt: not measured, but part of every learner's loop.
            AttemptDto? attempt = null;
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.PostAsync(current.StartUri, null);
                var t1 = Stopwatch.GetTimestamp();
                var counted = t1 >= measureStart && t1 <= measureEnd;
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    attempt = await response.Content.ReadFromJsonAsync(BenchJson.Default.AttemptDto);
                    if (counted)
                    {
                        stats.StartTicks.Add(t1 - t0);
                    }
                }
                else
                {
                    var problem = response.StatusCode == HttpStatusCode.Conflict
                        ? await response.Content.ReadFromJsonAsync(BenchJson.Default.ProblemDto) : null;
                    if (problem?.Problem is "NoAttemptsLeft" or "AlreadyPassed")
                    {
                        // This clinician is done with this course: take another.
                        slot = null;
                        stats.SlotsUsedUp++;
                        continue;
                    }
                    if (counted)
                    {
                        stats.StartErrors++;
                        stats.Error($"start {(int)response.StatusCode} {problem?.Problem}".TrimEnd());
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                if (Stopwatch.GetTimestamp() >= measureStart)
                {
                    stats.StartErrors++;
                    stats.Error($"start {ex.GetType().Name}");
                }
            }
            if (attempt is null)
            {
                if (++startFailuresInARow >= 10)
                {
                    slot = null;
                }
                continue;
            }
            startFailuresInARow = 0;

            var (request, expectedScore, right) = Answers(attempt, random);
            var submitUri = new Uri($"/api/v1/quizzes/attempts/{attempt.Id}/submit", UriKind.Relative);
            string? error = null;
            var s0 = Stopwatch.GetTimestamp();
            long s1;
            try
            {
                using var content = JsonContent.Create(request, BenchJson.Default.SubmitRequest);
                using var response = await http.PostAsync(submitUri, content);
                s1 = Stopwatch.GetTimestamp();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    var problem = await response.Content.ReadFromJsonAsync(BenchJson.Default.ProblemDto);
                    error = $"submit {(int)response.StatusCode} {problem?.Problem}".TrimEnd();
                }
                else
                {
                    var graded = await response.Content.ReadFromJsonAsync(BenchJson.Default.SubmitDto);
                    error = graded is null ? "submit: empty body"
                        : graded.AlreadySubmitted ? "submit: attempt was already submitted"
                        : graded.ScorePercent != expectedScore ? $"submit: score {graded.ScorePercent}%, expected {expectedScore}%"
                        : graded.Passed ? "submit: passed with a wrong answer"
                        : null;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                s1 = Stopwatch.GetTimestamp();
                error = $"submit {ex.GetType().Name}";
            }
            if (s1 >= measureStart && s1 <= measureEnd)
            {
                stats.Submits.Add((s1, s1 - s0, error));
                stats.Questions += attempt.Questions.Count;
                stats.RightAnswers += right;
            }
            current.Submitted++;
            if (current.Submitted >= attemptsAllowed)
            {
                slot = null;
                stats.SlotsUsedUp++;
            }
        }
    }

    /// <summary>
    /// Right answers to a random 0 … n-1 of the n questions (never all: the pass mark is 100 %, so every attempt
    /// fails and the clinician can go on) and wrong or missing answers to the rest. Wrong answers are chosen to
    /// earn no credit under any scoring rule, so the expected score is floor(right × 100 / n).
    /// </summary>
    private (SubmitRequest Request, int ExpectedScore, int Right) Answers(AttemptDto attempt, Random random)
    {
        var n = attempt.Questions.Count;
        var right = n == 0 ? 0 : random.Next(n);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        var isRight = new bool[n];
        foreach (var i in order.Take(right))
        {
            isRight[i] = true;
        }
        var answers = new List<AnswerDto>(n);
        for (var i = 0; i < n; i++)
        {
            var question = attempt.Questions[i];
            var k = key.TryGetValue(question.QuestionId, out var found) ? found
                : throw new InvalidOperationException($"Question {question.QuestionId} is not in the benchmark course.");
            List<string>? ids;
            if (isRight[i])
            {
                ids = k.Type switch
                {
                    QuestionType.Ordering => [.. k.CorrectOrder],
                    QuestionType.Multiple => Shuffled(k.Correct, random),
                    _ => [k.Correct[0]],
                };
            }
            else if (random.Next(10) == 0 || (k.Type != QuestionType.Ordering && k.Wrong.Count == 0))
            {
                ids = null; // left unanswered
            }
            else
            {
                ids = k.Type switch
                {
                    // Any rotation of distinct steps differs from the right order.
                    QuestionType.Ordering => Rotated(k.CorrectOrder, 1 + random.Next(k.CorrectOrder.Count - 1)),
                    // Only wrong options: no credit, all-or-nothing or partial.
                    QuestionType.Multiple => Shuffled(k.Wrong, random).Take(1 + random.Next(k.Wrong.Count)).ToList(),
                    _ => [k.Wrong[random.Next(k.Wrong.Count)]],
                };
            }
            if (ids is not null)
            {
                answers.Add(new AnswerDto(question.QuestionId, ids));
            }
        }
        var expected = n == 0 ? 0 : (int)Math.Floor((right * 100.0 / n) + 1e-9);
        return (new SubmitRequest(answers), expected, right);
    }

    private static List<string> Shuffled(IReadOnlyList<string> items, Random random)
    {
        var copy = items.ToArray();
        random.Shuffle(copy);
        return [.. copy];
    }

    private static List<string> Rotated(IReadOnlyList<string> items, int by) =>
        [.. items.Skip(by), .. items.Take(by)];

    private static void InterlockedMin(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
