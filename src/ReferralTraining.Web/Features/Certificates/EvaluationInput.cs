using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

/// <param name="ObjectivesMetEach">Per objective id of the enrolled version: was it met? Every objective must be answered.</param>
/// <param name="Intent">Intent to change practice (required).</param>
/// <param name="IntendedChange">Optional: what the learner will change (at most 500 characters).</param>
public sealed record EvaluationInput(int? Relevance, bool? FreeOfBias, int? ObjectivesMet, string? Comment,
    IReadOnlyList<CommitmentInput>? Commitments = null,
    IReadOnlyDictionary<string, ObjectiveMet>? ObjectivesMetEach = null,
    IntentToChange? Intent = null,
    string? IntendedChange = null);
