using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ReferralTraining.Web.Data;
using ReferralTraining.Web.Features.Courses;

namespace ReferralTraining.Web.Features.Certificates;

/// <summary>What the credit is for: the course itself, or completing its practice-change follow-up.</summary>
public enum CreditKind { Course = 0, PracticeImprovement = 1 }
