package org.hemamet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.hemamet.core.Hashing;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end (slow tier: {@code mvn -Pslow test}, CI's second step): renders the fixture run's report in headless Chromium (Debian package {@code chromium},
 * installed by scripts/setup-browser.sh) and checks that every image decoded, the results table has one
 * row per cell and the Content-Security-Policy blocked nothing (no request tried to leave the file).
 * Skipped when chromium is absent. Leaves a screenshot in {@code target/report-browser/report.png}.
 *
 * <p>The page under test is a copy of report.html with one test-only script that writes image natural
 * widths and CSP violations into the DOM; the copy's CSP admits exactly that script by its SHA-256 hash.
 */
@Tag("slow")
class ReportBrowserTest {
    private static final String PROBE = "document.addEventListener('securitypolicyviolation',function(e){"
            + "document.documentElement.setAttribute('data-csp-violations',"
            + "(document.documentElement.getAttribute('data-csp-violations')||'')+e.violatedDirective+' '+e.blockedURI+';');});"
            + "window.addEventListener('load',function(){var w=[];for(var i=0;i<document.images.length;i++){"
            + "w.push(document.images[i].complete?document.images[i].naturalWidth:-1);}"
            + "document.documentElement.setAttribute('data-natural-widths',w.join(','));"
            + "document.documentElement.setAttribute('data-table-rows',"
            + "document.querySelectorAll('#results-table tbody tr').length);"
            + "var d=[];var as=document.querySelectorAll('a[href^=\"#\"]');for(var i=0;i<as.length;i++){"
            + "var id=decodeURIComponent(as[i].getAttribute('href').substring(1));if(!document.getElementById(id)){d.push(id);}}"
            + "document.documentElement.setAttribute('data-dangling-links',d.join(' '));"
            + "var o=[];var ts=document.querySelectorAll('main table');for(var i=0;i<ts.length;i++){var t=ts[i];"
            + "var box=t.parentElement.getBoundingClientRect();var tb=t.getBoundingClientRect();"
            + "if(tb.right>box.right+1||t.parentElement.scrollWidth>t.parentElement.clientWidth+1){o.push((t.id||'table'+i));}"
            + "var cs=t.querySelectorAll('td,th');for(var j=0;j<cs.length;j++){var c=cs[j];"
            + "if(c.scrollWidth>c.clientWidth+1){o.push((t.id||'table'+i)+':cell'+j);}}}"
            + "document.documentElement.setAttribute('data-overflow',o.join(' '));"
            + "document.documentElement.setAttribute('data-checklist-rows',"
            + "document.querySelectorAll('#claim-table tbody tr[data-status]').length+','"
            + "+document.querySelectorAll('#tripod-table tbody tr[data-status]').length);"
            + "document.documentElement.setAttribute('data-prose',"
            + "(document.getElementById('methods-text')||{textContent:''}).textContent.length+','"
            + "+(document.getElementById('limitations-text')||{textContent:''}).textContent.length);});";

    @TempDir
    Path tmp;

    @Test
    void reportRendersOfflineInHeadlessChromium() throws Exception {
        String chromium = findChromium();
        assumeTrue(chromium != null, "chromium not installed (scripts/setup-browser.sh installs it)");
        Path ds = RunDirFixture.writeDataset(tmp.resolve("dataset"));
        Path run = RunDirFixture.writeRun(tmp.resolve("run"), ds);
        ReportWriter.ReportSummary s = ReportWriter.write(run, null, tmp.resolve("out/report.html"));
        String html = Files.readString(s.html());
        assertThat(Pattern.compile("(src|href)\\s*=\\s*\"\\s*(https?:)?//", Pattern.CASE_INSENSITIVE)
                        .matcher(html)
                        .find())
                .isFalse();

        String hash =
                Base64.getEncoder().encodeToString(Hashing.sha256().digest(PROBE.getBytes(StandardCharsets.UTF_8)));
        String probed = html.replace(
                        Html.escape(ReportWriter.CSP),
                        Html.escape(ReportWriter.CSP + "; script-src 'sha256-" + hash + "'"))
                .replace("</body>", "<script>" + PROBE + "</script></body>");
        assertThat(probed.contains(Html.escape("script-src 'sha256-" + hash + "'")) && probed.contains("<script>"))
                .as("probe injected")
                .isTrue();
        Path probe = s.html().resolveSibling("probe.html");
        Files.writeString(probe, probed);
        Path kept = Path.of("target", "report-browser", "probe.html");
        Files.createDirectories(kept.getParent());
        Files.copy(probe, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // for a look when a check fails

        String dom = runChromium(
                chromium, List.of("--dump-dom", "--window-size=1400,2400", "--virtual-time-budget=10000"), probe);
        String widths = attr(dom, "data-natural-widths");
        assertThat(widths).as("probe ran").isNotNull();
        int[] w = Arrays.stream(widths.split(",")).mapToInt(Integer::parseInt).toArray();
        int expectedImages = s.figures() + 4 * RunDirFixture.ERRORS_PER_CELL;
        assertThat(w).hasSize(expectedImages);
        assertThat(Arrays.stream(w).allMatch(x -> x > 0))
                .as("every image decoded: " + widths)
                .isTrue();
        assertThat(attr(dom, "data-table-rows")).isEqualTo(Integer.toString(s.cells()));
        assertThat(attr(dom, "data-csp-violations")).as("CSP violations").isNull();
        // every in-page link (navigation, checklist) resolves to an element of the page
        assertThat(attr(dom, "data-dangling-links"))
                .as("links without a target")
                .isEmpty();
        // at 1400 px no table is wider than its box and no cell clips its content
        assertThat(attr(dom, "data-overflow"))
                .as("tables or cells that overflow at 1400 px")
                .isEmpty();
        // the checklists list every item; the generated prose rendered
        assertThat(attr(dom, "data-checklist-rows")).isEqualTo("44,52");
        assertThat(Arrays.stream(attr(dom, "data-prose").split(",")).mapToInt(Integer::parseInt))
                .allMatch(n -> n > 200);

        Path shot = Path.of("target", "report-browser", "report.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        runChromium(
                chromium,
                List.of(
                        "--screenshot=" + shot,
                        "--window-size=1400,2400",
                        "--hide-scrollbars",
                        "--virtual-time-budget=10000"),
                s.html());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(1400);

        // the report prints to PDF from Chromium: a real PDF of more than one page
        Path pdf = Path.of("target", "report-browser", "report.pdf").toAbsolutePath();
        Files.deleteIfExists(pdf);
        runChromium(
                chromium,
                List.of("--print-to-pdf=" + pdf, "--no-pdf-header-footer", "--virtual-time-budget=10000"),
                s.html());
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(bytes.length).isGreaterThan(50_000);
        assertThat(pdfPages(pdf, bytes)).isGreaterThan(1);
    }

    /** Pages of a PDF: pdfinfo's count when installed, else the page objects in the file. */
    private int pdfPages(Path pdf, byte[] bytes) throws Exception {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "pdfinfo");
            if (f.canExecute()) {
                Process p = new ProcessBuilder(f.getAbsolutePath(), pdf.toString())
                        .redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(60, TimeUnit.SECONDS);
                Matcher m = Pattern.compile("(?m)^Pages:\\s+(\\d+)").matcher(out);
                assertThat(m.find()).as("pdfinfo: " + out).isTrue();
                return Integer.parseInt(m.group(1));
            }
        }
        Matcher m = Pattern.compile("/Type\\s*/Page[^s]").matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void probeDetectsARequestThatWouldLeaveTheFile() throws Exception {
        String chromium = findChromium();
        assumeTrue(chromium != null, "chromium not installed");
        // the same CSP + probe on a page with an external image: the harness must see the blocked request
        String hash =
                Base64.getEncoder().encodeToString(Hashing.sha256().digest(PROBE.getBytes(StandardCharsets.UTF_8)));
        Path page = tmp.resolve("leak.html");
        Files.writeString(
                page,
                "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\""
                        + Html.escape(ReportWriter.CSP + "; script-src 'sha256-" + hash + "'") + "\"></head><body>"
                        + "<img src=\"http://127.0.0.1:9/x.png\"><script>" + PROBE + "</script></body></html>");
        String dom = runChromium(chromium, List.of("--dump-dom", "--virtual-time-budget=5000"), page);
        assertThat(attr(dom, "data-csp-violations")).contains("img-src").contains("127.0.0.1");
        assertThat(attr(dom, "data-natural-widths")).isEqualTo("0");
    }

    private String runChromium(String chromium, List<String> extra, Path page) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--mute-audio",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
        cmd.addAll(extra);
        cmd.add(page.toUri().toString());
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Path err = Files.createTempFile(tmp, "chromium", ".err");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium timed out: " + Files.readString(err));
        }
        assertThat(p.exitValue())
                .as("chromium exit; stderr: " + Files.readString(err))
                .isZero();
        return Files.readString(out);
    }

    private static String attr(String dom, String name) {
        Matcher m = Pattern.compile("<html[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
        return m.find() ? m.group(1) : null;
    }

    static String findChromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                File f = new File(dir, name);
                if (f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }
}
