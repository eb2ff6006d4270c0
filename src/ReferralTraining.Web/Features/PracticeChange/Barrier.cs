using System.ComponentModel.DataAnnotations;

namespace ReferralTraining.Web.Features.PracticeChange;

public sealed record Barrier(string Id, string Label);
