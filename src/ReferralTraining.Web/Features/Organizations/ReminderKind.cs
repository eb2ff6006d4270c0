using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Features.Accounts;

namespace ReferralTraining.Web.Features.Organizations;

public enum ReminderKind { BeforeDue = 1, DueToday = 2, Overdue = 3, DirectorDigest = 4 }
