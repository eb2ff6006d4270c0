using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace ReferralTraining.Web.Features.Scorm;

/// <summary>
/// In a session launched from an LMS, every page carries the learner's progress in the launched course and the LMS
/// origin; /js/scorm-bridge.js posts it to the launcher (explicit target origin). Elsewhere it renders nothing.
/// </summary>
public sealed class ScormBridgeViewComponent(ScormProgressReader progress) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(CancellationToken ct)
    {
        if (ScormSessionCookie.Current(HttpContext) is not { } session)
        {
            return new HtmlContentViewComponentResult(HtmlString.Empty);
        }
        var p = await progress.ReadAsync(session.UserId, session.CourseId, ct);
        var message = JsonSerializer.Serialize(new
        {
            type = "rt-scorm-progress", courseId = session.CourseId, status = p.Status, completed = p.Completed,
            scoreRaw = p.ScoreRaw, scoreMin = ScormProgress.ScoreMin, scoreMax = ScormProgress.ScoreMax, verifyUrl = p.VerifyUrl,
        });
        var html = $"<script src=\"/js/scorm-bridge.js\" id=\"rt-scorm-bridge\" data-origin=\"{HtmlEncoder.Default.Encode(session.Origin)}\" data-progress=\"{HtmlEncoder.Default.Encode(message)}\"></script>";
        return new HtmlContentViewComponentResult(new HtmlString(html));
    }
}
