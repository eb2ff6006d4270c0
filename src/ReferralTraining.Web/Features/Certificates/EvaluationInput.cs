using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

public sealed record EvaluationInput(int? Relevance, bool? FreeOfBias, int? ObjectivesMet, string? Comment,
    IReadOnlyList<CommitmentInput>? Commitments = null);
