using System.ComponentModel.DataAnnotations;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>Credit offered by a course version to one profession, with the configured rules applied.</summary>
public sealed record EligibleCredit(string TypeId, CreditTypeOptions Type, decimal Maximum);
