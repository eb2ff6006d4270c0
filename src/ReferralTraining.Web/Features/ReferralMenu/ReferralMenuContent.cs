using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ReferralTraining.Web.Features.Courses.Content;

namespace ReferralTraining.Web.Features.ReferralMenu;

public sealed record ReferralMenuContent(IReadOnlyList<MutualHelpGroup> Groups, IReadOnlyList<(string Id, string Citation)> References);
