using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReferralTraining.Web.Data;

namespace ReferralTraining.Web.Features.Courses;

public enum ProgressOutcome { Saved, NotEnrolled, NoSuchModule, TooSoon }
