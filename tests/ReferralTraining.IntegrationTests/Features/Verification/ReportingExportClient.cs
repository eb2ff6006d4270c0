using System.Net;
using System.Text;
using ExcelDataReader;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReferralTraining.Tests.Shared;
using ReferralTraining.Web.Features.Accounts;
using ReferralTraining.Web.Features.Verification;

namespace ReferralTraining.IntegrationTests.Features.Verification;

/// <summary>Runs the admin exports page as a browser would (POST with the antiforgery token) and reads the files back.</summary>
internal static class ReportingExportClient
{
    static ReportingExportClient()
    {
        // ExcelDataReader decodes .xls text through code page 1252, which .NET provides only once registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>
    /// The host's reporting settings, changed in place: each test class has its own host and its tests run one after
    /// another, and every test that uses this sets all of them first.
    /// </summary>
    public static ReportingOptions Configure(AppFactory factory, string provider = "50-1234567", string parsActivity = "202600017")
    {
        var o = factory.Services.GetRequiredService<IOptions<ReportingOptions>>().Value;
        o.ProviderTrackingNumber = provider;
        o.ParsActivityId = parsActivity;
        o.ParsActivityIds = [];
        o.CeBrokerCourseNumbers = new() { ["sample-course"] = "20-654321" };
        o.CeBrokerProfessionCodes = new() { [Profession.Nurse] = "RN", [Profession.SocialWorker] = "SW" };
        return o;
    }

    /// <summary>Posts the export form; handler "CeBroker" or "Pars"; selection "new" (default) or "range".</summary>
    public static async Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Document)> PostAsync(PageClient page, string handler, string? selection = null, string? from = null, string? to = null)
    {
        var values = new Dictionary<string, string> { ["__RequestVerificationToken"] = await page.AntiforgeryTokenAsync() };
        if (selection is not null)
        {
            values["Selection"] = selection;
        }
        if (from is not null)
        {
            values["From"] = from;
        }
        if (to is not null)
        {
            values["To"] = to;
        }
        return await page.PostAsync($"/admin/exports?handler={handler}", values);
    }

    /// <summary>Follows a successful export's redirect: the export's id and its recorded file.</summary>
    public static async Task<(Guid ExportId, HttpResponseMessage File)> DownloadAsync(PageClient page, (HttpResponseMessage Response, AngleSharp.Dom.IDocument Document) post)
    {
        var posted = post.Response;
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();
        var id = Guid.Parse(System.Web.HttpUtility.ParseQueryString(location[location.IndexOf('?', StringComparison.Ordinal)..])["ExportId"]!);
        var file = await page.Http.GetAsync($"/admin/exports?handler=File&ExportId={id}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        return (id, file);
    }

    /// <summary>Every row of the first sheet of an .xls workbook, read by ExcelDataReader, with column F's number format.</summary>
    public static (List<object?[]> Rows, List<string?> DateFormats) ReadWorkbook(byte[] xls)
    {
        // An Excel 97-2003 file is an OLE2 compound document.
        Assert.Equal(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, xls.Take(8).ToArray());
        using var stream = new MemoryStream(xls);
        using var reader = ExcelReaderFactory.CreateBinaryReader(stream);
        var rows = new List<object?[]>();
        var formats = new List<string?>();
        while (reader.Read())
        {
            var cells = new object?[8];
            for (var i = 0; i < Math.Min(8, reader.FieldCount); i++)
            {
                cells[i] = reader.GetValue(i);
            }
            Assert.True(reader.FieldCount <= 8, $"the row has {reader.FieldCount} columns, A-H is 8");
            rows.Add(cells);
            formats.Add(reader.FieldCount > ReportingExports.CeBrokerDateColumn ? reader.GetNumberFormatString(ReportingExports.CeBrokerDateColumn) : null);
        }
        return (rows, formats);
    }
}
