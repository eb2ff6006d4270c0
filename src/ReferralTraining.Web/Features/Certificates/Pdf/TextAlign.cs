using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Drawing;

namespace ReferralTraining.Web.Features.Certificates.Pdf;

internal enum TextAlign
{
    Left,
    Center,
    Right,
}
