using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using ReferralTraining.Web.Features.Certificates.Pdf;

namespace ReferralTraining.Web.Features.Accreditation;

/// <summary>
/// Prints an <see cref="ActivityFile"/> (ADR-030): portrait US Letter, one section per part of the file, "Page X of Y"
/// with the course version and the "as of" time on every page. The same file gives the same bytes: the metadata dates
/// are the "as of" time, and the values PDFsharp draws at random (document ids, font subset tags) are replaced, at the
/// same length, by values derived from the JSON.
/// </summary>
public static partial class ActivityFilePdf
{
    private const double PageWidth = 612;
    private const double PageHeight = 792;
    private const double Margin = 44;
    private const double FooterTop = PageHeight - 32;
    private const double BodyBottom = FooterTop - 12;
    private const double Width = PageWidth - (2 * Margin);

    /// <returns>The PDF file.</returns>
    public static byte[] Render(ActivityFile file, byte[] json)
    {
        ArgumentNullException.ThrowIfNull(file);
        CertificateFontResolver.EnsureRegistered();
        using var pdf = new PdfDocument();
        var a = file.Activity;
        pdf.Info.Title = $"Activity file: {PdfKit.Clean(a.Title)}, version {a.Version}";
        pdf.Info.Subject = $"Accreditation activity file as of {Stamp(file.AsOf)}";
        pdf.Info.Creator = "ReferralTraining";
        pdf.Info.CreationDate = file.AsOf.UtcDateTime;
        pdf.Info.ModificationDate = file.AsOf.UtcDateTime;
        new Writer(pdf, file).Write();
        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return Reproducible(output.ToArray(), json);
    }

    public static string Stamp(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not set";

    private static string Number(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "not shown";

    [GeneratedRegex(@"(?<=/(?:BaseFont|FontName)/)[A-Z]{6}(?=\+)")]
    private static partial Regex SubsetTag();

    [GeneratedRegex(@"(?<=/ID\s*\[\s*<)[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}(?=>)")]
    private static partial Regex DocumentIds();

    [GeneratedRegex(@"(?<=uuid:)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex XmpUuid();

    /// <summary>
    /// PDFsharp gives every document random ids (trailer /ID, XMP document and instance ids) and every embedded font a
    /// random subset tag. They are replaced here by values derived from the JSON's hash, each at its own length, so the
    /// cross-reference offsets stay valid. Latin-1 maps bytes to chars one to one, so binary streams pass unchanged.
    /// </summary>
    internal static byte[] Reproducible(byte[] pdf, byte[] json)
    {
        var hex = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(json));
        var text = Encoding.Latin1.GetString(pdf);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        text = SubsetTag().Replace(text, m =>
        {
            if (!tags.TryGetValue(m.Value, out var tag))
            {
                var n = tags.Count;
                tag = string.Concat("RTAF", ((char)('A' + (n / 26 % 26))).ToString(), ((char)('A' + (n % 26))).ToString());
                tags[m.Value] = tag;
            }
            return tag;
        });
        text = DocumentIds().Replace(text, _ => hex[..32] + "><" + hex[..32]);
        var uuid = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}".ToLowerInvariant();
        text = XmpUuid().Replace(text, uuid);
        var bytes = Encoding.Latin1.GetBytes(text);
        return bytes.Length == pdf.Length ? bytes : throw new InvalidOperationException("Making the PDF reproducible changed its length.");
    }

    private sealed class Writer(PdfDocument pdf, ActivityFile file)
    {
        private readonly XFont body = PdfKit.Font(9);
        private readonly XFont bold = PdfKit.Font(9, bold: true);
        private readonly XFont small = PdfKit.Font(8);
        private readonly XFont mono = PdfKit.Font(7.5, mono: true);
        private XGraphics? gfx;
        private double y;

        private XGraphics Gfx => gfx ?? throw new InvalidOperationException("No page is open.");

        public void Write()
        {
            try
            {
                NewPage();
                Identity();
                People();
                Disclosure();
                Planning();
                Learners();
                Evaluation();
                Quiz();
                Outcomes();
            }
            finally
            {
                gfx?.Dispose();
            }
            Footers();
        }

        private void NewPage()
        {
            gfx?.Dispose();
            var page = pdf.AddPage();
            page.Size = PageSize.Letter;
            page.Orientation = PageOrientation.Portrait;
            gfx = XGraphics.FromPdfPage(page);
            y = Margin;
        }

        private void Room(double height)
        {
            if (y + height > BodyBottom)
            {
                NewPage();
            }
        }

        private void Heading(string text)
        {
            var font = PdfKit.Font(12, bold: true);
            Room(PdfKit.LineHeight(font) + (3 * PdfKit.LineHeight(body)));
            y += 8;
            y = PdfKit.DrawLines(Gfx, [text], font, PdfKit.Ink, Margin, Width, y);
            Gfx.DrawLine(new XPen(PdfKit.Rule, 0.5), Margin, y, Margin + Width, y);
            y += 4;
        }

        private void Para(string text, XFont? font = null, XColor? color = null, double indent = 0)
        {
            var f = font ?? body;
            foreach (var line in PdfKit.Wrap(Gfx, PdfKit.Clean(text), f, Width - indent))
            {
                Room(PdfKit.LineHeight(f));
                y = PdfKit.DrawLines(Gfx, [line], f, color ?? PdfKit.Ink, Margin + indent, Width - indent, y);
            }
        }

        private void Field(string label, string value)
        {
            const double labelWidth = 150;
            var lines = PdfKit.Wrap(Gfx, PdfKit.Clean(value), body, Width - labelWidth);
            Room(lines.Count * PdfKit.LineHeight(body));
            Gfx.DrawString(label, bold, new XSolidBrush(PdfKit.Muted), Margin, y, XStringFormats.TopLeft);
            y = PdfKit.DrawLines(Gfx, lines, body, PdfKit.Ink, Margin + labelWidth, Width - labelWidth, y);
        }

        /// <summary>A simple table: the first column takes what the others leave.</summary>
        private void Table(IReadOnlyList<string> header, IReadOnlyList<double> widths, IEnumerable<IReadOnlyList<string>> rows)
        {
            var all = new List<IReadOnlyList<string>> { header };
            all.AddRange(rows);
            var first = Width - widths.Sum();
            var columns = widths.Prepend(first).ToArray();
            for (var r = 0; r < all.Count; r++)
            {
                var font = r == 0 ? bold : body;
                var wrapped = all[r].Select((cell, c) => PdfKit.Wrap(Gfx, PdfKit.Clean(cell), font, columns[c] - 6, 4)).ToList();
                var height = (wrapped.Max(w => w.Count) * PdfKit.LineHeight(font)) + 4;
                Room(height);
                if (r % 2 == 0 && r > 0)
                {
                    Gfx.DrawRectangle(new XSolidBrush(PdfKit.Shade), Margin, y, Width, height);
                }
                var x = Margin;
                for (var c = 0; c < wrapped.Count; c++)
                {
                    PdfKit.DrawLines(Gfx, wrapped[c], font, PdfKit.Ink, x + 3, columns[c] - 6, y + 2);
                    x += columns[c];
                }
                y += height;
            }
            y += 4;
        }

        private void Identity()
        {
            var a = file.Activity;
            y = PdfKit.DrawLines(Gfx, ["Accreditation activity file"], PdfKit.Font(18, bold: true), PdfKit.Ink, Margin, Width, y);
            Para(a.Title, PdfKit.Font(13, bold: true));
            y += 4;
            Para($"As of {Stamp(file.AsOf)}: the newest data this file reflects (or the cut-off asked for). Counts of 1 to {file.MinimumCell - 1} people read \"<{file.MinimumCell}\".", small, PdfKit.Muted);
            Heading("1. Activity");
            Field("Course id", a.CourseId);
            Field("Version", a.Version);
            Field("Activity type", a.ActivityType);
            Field("Release date", Date(a.ReleaseDate));
            Field("Review date", Date(a.ReviewDate));
            Field("Expiry date", Date(a.ExpiryDate));
            Field("Published", Stamp(a.PublishedAt));
            Field("Estimated time", $"{a.EstimatedMinutes} minutes");
            Field("Content hash", a.ContentHash);
            y += 4;
            Para("Credit designations", bold);
            if (a.CreditDesignations.Count == 0)
            {
                Para("None: this version offers no credit.");
            }
            Table(["Credit type", "Hours", "Professions", "Accreditor"], [50, 150, 110],
                a.CreditDesignations.Select(c => (IReadOnlyList<string>)[$"{c.Name} ({c.TypeId})", PdfKit.Amount(c.Hours), c.Professions.Count > 0 ? string.Join(", ", c.Professions) : "All", c.Accreditor ?? ""]));
            foreach (var c in a.CreditDesignations.Where(c => c.Statement.Length > 0))
            {
                Para($"{c.Name}: {c.Statement}", small, PdfKit.Muted);
            }
        }

        private void People()
        {
            Heading("2. People in control of content and their disclosures");
            Para("Every financial relationship with an ineligible company in the 24 months before the disclosure was collected, whether it is relevant, and how each relevant one was mitigated (ACCME Standards for Integrity and Independence, Standard 3).", small, PdfKit.Muted);
            foreach (var p in file.PeopleInControlOfContent)
            {
                y += 4;
                Para($"{p.Role}: {p.Name}{(p.Credentials.Length > 0 ? ", " + p.Credentials : "")}{(p.Placeholder ? " [PLACEHOLDER: sample data, not a real person]" : "")}", bold);
                if (p.Disclosure is not { } d)
                {
                    Para("No disclosure on file.", indent: 12);
                    continue;
                }
                Para($"Disclosure collected {Date(d.Collected)}.", indent: 12);
                if (d.None || d.Relationships.Count == 0)
                {
                    Para("No financial relationships with ineligible companies.", indent: 12);
                }
                foreach (var r in d.Relationships)
                {
                    Para($"{r.Company}: {r.Nature}. {(r.Relevant ? "Relevant." : "Not relevant to this content.")}", indent: 12);
                    if (r.Mitigation is { } m)
                    {
                        Para($"Mitigation: {m.Step} (by {m.By}).", indent: 24);
                    }
                }
            }
            if (file.ProviderMustFillIn.Count > 0)
            {
                y += 4;
                Para("Credit is withheld until the provider fills in:", bold);
                foreach (var line in file.ProviderMustFillIn)
                {
                    Para("• " + line, small, indent: 8);
                }
            }
        }

        private void Disclosure()
        {
            Heading("3. Disclosure to learners");
            Para("Learners see these disclosures on the course page before module 1 and acknowledge them once per course version; module pages wait for the acknowledgment.", small, PdfKit.Muted);
            var d = file.DisclosureToLearners;
            Field("Learners acknowledging", d.Learners);
            Field("First acknowledgment", d.First is { } f ? Stamp(f) : "not shown");
            Field("Last acknowledgment", d.Last is { } l ? Stamp(l) : "not shown");
        }

        private void Planning()
        {
            Heading("4. Planning record");
            var planning = file.PlanningRecord;
            if (planning.Record is { } r)
            {
                Para("Professional practice gap", bold);
                Para($"Current practice: {r.Gap.CurrentPractice}", indent: 12);
                Para($"Best practice: {r.Gap.BestPractice}", indent: 12);
                Para("Needs-assessment sources", bold);
                foreach (var n in r.NeedsSources)
                {
                    Para($"• {n.Citation}: {n.Finding}", indent: 12);
                }
                Para("Desired change (Moore levels) and how it is measured", bold);
                foreach (var d in r.DesiredChanges)
                {
                    Para($"• {Courses.Content.Planning.MooreLevels.Label(d.Level)}: {d.Change} Measured by: {(d.MeasuredBy.Count == 0 ? "not measured" : string.Join(", ", d.MeasuredBy.Select(Courses.Content.Planning.MooreLevels.MeasureLabel)))}.", indent: 12);
                }
            }
            else
            {
                Para(planning.Note ?? "");
            }
            if (planning.ObjectiveMap.Count > 0)
            {
                y += 4;
                Para("Objectives and how each is assessed", bold);
                Table(["Objective", "Quiz questions", "Scenarios", "Follow-up items"], [110, 80, 90],
                    planning.ObjectiveMap.Select(o => (IReadOnlyList<string>)[$"{o.ObjectiveId}: {o.Text}", string.Join(", ", o.QuestionIds), string.Join(", ", o.ScenarioIds), o.FollowUpItems.Count.ToString(CultureInfo.InvariantCulture)]));
            }
        }

        private void Learners()
        {
            Heading("5. Learners");
            var l = file.Learners;
            Field("Enrolled", l.Enrolled);
            Field("Completed (credit awarded)", l.Completed);
            y += 4;
            Table(["Profession", "Enrolled", "Completed"], [80, 80], l.ByProfession.Select(r => (IReadOnlyList<string>)[r.Label, r.Enrolled, r.Completed]));
            Table(["Credit type awarded", "Kind", "Learners"], [120, 80], l.ByCreditType.Select(r => (IReadOnlyList<string>)[$"{r.Name} ({r.TypeId})", r.Kind, r.Learners]));
        }

        private void Evaluation()
        {
            Heading("6. Evaluation");
            var e = file.Evaluation;
            Field("Evaluations", e.Responses);
            Field("Relevance (mean, 1-5)", Number(e.MeanRelevance));
            Field("Objectives met (mean, 1-5)", Number(e.MeanObjectivesMet));
            Field("Free of commercial bias: yes", e.FreeOfCommercialBias ?? "not shown");
            Field("Free of commercial bias: no", e.NotFreeOfCommercialBias ?? "not shown");
            Para("Each objective met, as the learners answered (a cell of 1 to 4 people reads \"<5\"; \"suppressed\" hides a cell that the total would reveal):", small, PdfKit.Muted);
            Table(["Objective", "Yes", "Partly", "No"], [60, 60, 60],
                e.ObjectivesMet.Select(o => (IReadOnlyList<string>)[o.Text, .. o.Answers.Cells.Select(c => c.Display)]));
            Table(["Intent to change practice", "Learners"], [120],
                e.IntentToChange.Cells.Select(c => (IReadOnlyList<string>)[c.Label, c.Display]));
        }

        private void Quiz()
        {
            Heading("7. Quiz and item analysis");
            var q = file.Quiz;
            if (!q.HasQuiz)
            {
                Para("This version has no quiz.");
                return;
            }
            Field("Submitted attempts", q.Attempts);
            Field("Learners attempting", q.Learners);
            Field("Pass rate (of attempts)", q.PassRate is { } p ? p.ToString("0.00", CultureInfo.InvariantCulture) : "not shown");
            Para($"Difficulty is the mean credit (0 to 1, the share answering correctly); discrimination is the correlation of the item with the rest of the test. Both are given from {file.MinimumCell} answers.", small, PdfKit.Muted);
            Table(["Question", "Objective", "Answers", "Difficulty", "Discrimination"], [80, 60, 70, 80],
                q.Questions.Select(x => (IReadOnlyList<string>)[x.QuestionId, x.Objective, x.Answers, Number(x.Difficulty), Number(x.Discrimination)]));
        }

        private void Outcomes()
        {
            Heading("8. Practice-change outcomes (follow-ups)");
            Para("Learners who committed to change a practice are asked at each follow-up whether they made the change (self-reported performance). Counts of commitments; patients reached as reported.", small, PdfKit.Muted);
            if (file.PracticeChangeOutcomes.Count == 0)
            {
                Para("No follow-up has come due yet.");
                return;
            }
            Table(["Follow-up", "Asked", "Answering", "Fully", "Partly", "Not yet", "Patients"], [50, 55, 45, 45, 45, 55],
                file.PracticeChangeOutcomes.Select(o => (IReadOnlyList<string>)[$"Day {o.OffsetDays}", o.PeopleAsked, o.PeopleAnswering, o.Fully ?? "-", o.Partly ?? "-", o.NotYet ?? "-", o.PatientsReached ?? "-"]));
        }

        private void Footers()
        {
            var total = pdf.PageCount;
            for (var i = 0; i < total; i++)
            {
                using var g = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
                var text = $"{file.Activity.CourseId} version {file.Activity.Version} · as of {Stamp(file.AsOf)} · page {i + 1} of {total}";
                PdfKit.DrawLines(g, [text], mono, PdfKit.Muted, Margin, Width, FooterTop, TextAlign.Center);
            }
        }
    }
}
