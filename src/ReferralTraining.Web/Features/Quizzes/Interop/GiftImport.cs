using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ReferralTraining.Web.Features.Quizzes.Content;

namespace ReferralTraining.Web.Features.Quizzes.Interop;

public sealed record GiftImport(PortablePool Pool, IReadOnlyList<SkippedQuestion> Skipped);
