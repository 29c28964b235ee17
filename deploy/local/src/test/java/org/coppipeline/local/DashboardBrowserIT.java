package org.coppipeline.local;

import static org.coppipeline.local.TestSupport.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The clinician dashboard (CONTRACT 8) in a real headless Chromium, driven by Selenium through Debian's chromedriver,
 * on the whole local stack as run.sh starts it (broker, PostgreSQL, the four services, the dev sign-in): the contract
 * examples are posted through the API, then the page is used as a clinician would. It also writes the README's
 * screenshots (gateway/docs/dashboard-*.png). Without chromium it is skipped, except on CI (CI=true), where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    private static final Duration PLANNED_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    private static final Map<String, String> CATEGORY_NAMES = orderedMap("infection", "Infection", "drug", "Drug",
            "radiation", "Radiation", "connective-tissue-disease", "Connective tissue disease",
            "hematologic-malignancy", "Haematological malignancy", "inflammatory-bowel-disease", "Inflammatory bowel disease",
            "transplant", "Transplant", "aspiration-exposure", "Aspiration or inhalational exposure");
    private static final Map<String, String> STATUS_WORDS = Map.of("excluded", "Excluded", "present", "Present",
            "incomplete", "Incomplete", "not-assessed", "Not assessed");

    private final Map<String, JsonNode> examples = TestSupport.examples();
    /** caseId -> planned case view of each example, as the API answers it. */
    private final Map<String, JsonNode> views = new LinkedHashMap<>();
    private final List<String> hospitalACases = new ArrayList<>();
    private Path stateDir;
    private LocalStack stack;
    private String gateway;
    private ChromeDriverService driverService;
    private ChromeDriver browser;
    private long startedAt;

    @BeforeAll
    void startStackPostExamplesAndOpenTheBrowser() throws Exception {
        Browser located = Browser.locate();
        startedAt = System.nanoTime();
        stateDir = TestSupport.stateDir("dashboard");
        StackOptions options = new StackOptions(StackOptions.Mode.FOREGROUND, stateDir, EnumSet.allOf(Service.class), null,
                EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, 0, 0, 0, 0, TestSupport.START_TIMEOUT, false);
        stack = LocalStack.start(options, TestSupport.repo(), stateDir);
        gateway = stack.service(Service.GATEWAY).orElseThrow().url("");

        String publisher = token("hosp-a", "case-publisher");
        for (JsonNode example : examples.values()) {
            assertEquals(202, post(example.get("event"), publisher), "POST " + example.get("event").get("caseId"));
            hospitalACases.add(example.get("event").get("caseId").asText());
        }
        String viewer = token("hosp-a", "case-viewer");
        for (String caseId : List.copyOf(hospitalACases)) {
            views.put(caseId, awaitPlanned(caseId, viewer));
        }

        Path profile = Files.createDirectories(stateDir.resolve("chromium-profile"));
        driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(located.driver().toFile())
                .usingAnyFreePort()
                .withLogFile(stateDir.resolve("logs").resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(located.chromium().toFile());
        chrome.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=en-GB");
        // An alert left open must be seen by the XSS test, not silently dismissed by the driver.
        chrome.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        browser = new ChromeDriver(driverService, chrome);
        System.out.printf("dashboard IT: stack, examples planned and browser ready in %d s%n",
                (System.nanoTime() - startedAt) / 1_000_000_000);
    }

    @AfterAll
    void stopEverything() {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (driverService != null) {
                driverService.stop();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            System.out.printf("dashboard IT: %d s in all%n", (System.nanoTime() - startedAt) / 1_000_000_000);
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    @Order(1)
    void devSignInIsOneClickAndShowsTheHospitalsWorklist() throws IOException {
        assertTrue(stack.summary(false).contains("Dashboard          " + gateway + "/dashboard/"), "run.sh prints the dashboard URL");
        signIn("hosp-a");
        assertEquals("hosp-a", browser.findElement(By.id("user-hospital")).getText());
        assertEquals("dev-clinician-hosp-a", browser.findElement(By.id("user-name")).getText());
        awaitRows(hospitalACases);
        assertTrue(browser.getCurrentUrl().endsWith("/dashboard/"), "code and state left the address bar: " + browser.getCurrentUrl());
        screenshot("dashboard-worklist.png");
    }

    @Test
    @Order(2)
    void theContractExamplesAppearMostUrgentFirst() {
        signIn("hosp-a");
        List<String> expected = views.values().stream().sorted(URGENCY).map(view -> view.get("caseId").asText()).toList();
        new WebDriverWait(browser, PAGE_TIMEOUT).withMessage("rows of the examples in urgency order " + expected)
                .until(d -> rowIds().stream().filter(views::containsKey).toList().equals(expected));

        String infectionPending = caseIdOf("infection-pending");
        assertTrue(critical(views.get(infectionPending)).isPresent(), "infection-pending carries its critical warning");
        assertEquals("Critical warning", cell(row(rowIds().get(0)), 2), "a case with a critical warning comes first");
        for (JsonNode view : views.values()) {
            WebElement row = row(view.get("caseId").asText());
            String urgency = critical(view).isPresent() ? "Critical warning"
                    : "severe".equals(view.path("treatmentPlan").path("severity").asText()) ? "Severe" : "Routine";
            assertEquals(urgency, cell(row, 2), view.get("caseId").asText());
            assertEquals("Planned", cell(row, 3));
            assertTrue(cell(row, 4).contains("(score " + view.path("symptomAssessment").path("suspicionScore").asInt() + ")"), cell(row, 4));
            assertEquals(knowledgeVersion(view), cell(row, 11));
        }
        assertTrue(cell(row(infectionPending), 8).contains("Critical: infection-not-excluded"), cell(row(infectionPending), 8));
        assertContrastAA("the worklist");
    }

    @Test
    @Order(3)
    void aCasePostedWhileThePageIsOpenAppearsWithoutAReload() throws Exception {
        signIn("hosp-a");
        awaitRows(hospitalACases);
        js("window.copNotReloaded = true;");
        String caseId = "LIVE-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode event = examples.get("classic-cop-moderate").get("event").deepCopy();
        event.put("eventId", UUID.randomUUID().toString()).put("caseId", caseId)
                .put("occurredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        assertEquals(202, post(event, token("hosp-a", "case-publisher")));
        hospitalACases.add(caseId);

        new WebDriverWait(browser, LIVE_TIMEOUT).withMessage(caseId + " shown as planned; " + TestSupport.logsHint(stateDir))
                .until(d -> rowIds().contains(caseId) && cell(row(caseId), 3).equals("Planned"));
        assertEquals(Boolean.TRUE, js("return window.copNotReloaded === true;"), "the page was not reloaded");
        assertTrue(cell(row(caseId), 1).contains(caseId), "the row names the case");
        String news = browser.findElement(By.id("worklist-news")).getText();
        assertTrue(news.contains(caseId), "the live region announces it: " + news);
    }

    @Test
    @Order(4)
    void theInfectionPendingCasePageShowsTheCriticalWarningInWords() {
        String caseId = caseIdOf("infection-pending");
        JsonNode view = views.get(caseId);
        signIn("hosp-a");
        openCase(caseId);
        WebElement banner = new WebDriverWait(browser, PAGE_TIMEOUT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".critical-banner")));
        JsonNode warning = critical(view).orElseThrow(() -> new AssertionError("the API view has no critical warning"));
        assertTrue(banner.getText().contains("Critical: " + warning.get("message").asText()), banner.getText());
        assertCausesInWords(view);
        assertContrastAA("the infection-pending case page");
    }

    @Test
    @Order(5)
    void aCasePageShowsScoreContributionsSourcesPlanAndHistory() throws IOException {
        String caseId = caseIdOf("classic-cop-moderate");
        JsonNode view = views.get(caseId);
        signIn("hosp-a");
        openCase(caseId);
        new WebDriverWait(browser, PAGE_TIMEOUT).withMessage("history loaded")
                .until(d -> d.findElements(By.cssSelector("#case-history tbody tr")).size() >= 4);

        List<WebElement> contributions = browser.findElements(By.cssSelector("#case-score tbody tr"));
        JsonNode expected = view.path("symptomAssessment").path("contributions");
        assertEquals(expected.size(), contributions.size(), "one row per contribution");
        for (int i = 0; i < expected.size(); i++) {
            String text = contributions.get(i).getText();
            assertTrue(text.contains(expected.get(i).get("finding").asText()), text);
            assertTrue(text.contains(expected.get(i).path("source").path("ruleId").asText()), "the source is named: " + text);
        }
        String page = browser.findElement(By.id("case-body")).getText();
        assertTrue(page.contains("Score " + view.path("symptomAssessment").path("suspicionScore").asInt()), "the score");
        JsonNode regimen = view.path("treatmentPlan").path("regimen");
        if (regimen.isObject()) {
            List<WebElement> steps = browser.findElement(By.xpath("//section[@id='case-plan']//table"
                    + "[caption[normalize-space()='Steps of the regimen, with doses']]")).findElements(By.cssSelector("tbody tr"));
            assertEquals(regimen.path("steps").size(), steps.size(), "one row per regimen step");
            assertTrue(steps.get(0).getText().contains(regimen.path("steps").get(0).path("dose").path("text").asText()), "doses shown");
            if (regimen.path("requiresClinicalReview").asBoolean()) {
                assertTrue(browser.findElement(By.id("case-plan")).getText().contains("requires clinical review"));
            }
        }
        view.path("treatmentPlan").path("precautions")
                .forEach(p -> assertTrue(page.contains(p.get("text").asText()), "precaution " + p.get("code")));
        view.path("treatmentPlan").path("followUp")
                .forEach(f -> assertTrue(page.contains(f.get("text").asText()), "follow-up " + f.get("code")));
        assertTrue(page.contains(knowledgeVersion(view)), "knowledge version");
        assertCausesInWords(view);
        assertContrastAA("the case page");
        screenshot("dashboard-case.png");
    }

    @Test
    @Order(6)
    void aMedicationNamedLikeMarkupIsShownAsTextAndRunsNothing() throws Exception {
        String caseId = "XSS-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode event = examples.get("classic-cop-moderate").get("event").deepCopy();
        event.put("eventId", UUID.randomUUID().toString()).put("caseId", caseId);
        ObjectNode history = (ObjectNode) event.get("history");
        history.put("medicationsReviewed", true);
        // The amiodarone ATC code puts the name into the drug category's evidence.
        history.putArray("medications").addObject().put("name", XSS_NAME).put("atcCode", "C01BD01").put("current", true);
        assertEquals(202, post(event, token("hosp-a", "case-publisher")));
        hospitalACases.add(caseId);
        JsonNode view = awaitPlanned(caseId, token("hosp-a", "case-viewer"));

        signIn("hosp-a");
        awaitRows(List.of(caseId));
        openCase(caseId);
        WebElement drug = new WebDriverWait(browser, PAGE_TIMEOUT).until(d -> d.findElements(By.cssSelector(".cause")).stream()
                .filter(c -> c.getText().startsWith("Drug")).findFirst().orElse(null));
        JsonNode evidence = view.path("causeAssessment").path("categories").path("drug").path("evidence");
        assertTrue(evidence.size() > 0, "the drug cause has evidence");
        // Whatever the knowledge version writes there (v1 quotes the medication's name), the page shows it verbatim.
        evidence.forEach(line -> assertTrue(drug.getText().contains(line.asText()), "shown as text: " + line.asText()));
        WebElement details = new WebDriverWait(browser, PAGE_TIMEOUT)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#case-history details summary")));
        details.click();
        assertTrue(browser.findElement(By.cssSelector("#case-history details pre")).getText().contains(XSS_NAME), "in the history too");

        assertEquals(0L, js("return document.querySelectorAll('img').length;"), "no element was made of the name");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no alert opened");
    }

    @Test
    @Order(7)
    void thePageAndItsAssetsCarryAStrictContentSecurityPolicy() throws Exception {
        String signIn = stack.devSignIn().orElseThrow().issuer();
        for (String path : List.of("/dashboard/", "/dashboard/js/app.js", "/dashboard/dashboard.css", "/dashboard/config.json",
                "/dashboard/no-such-file")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String csp = answer.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'"), path + ": " + csp);
            assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'"), path + ": " + csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), path + ": " + csp);
            assertTrue(csp.contains("connect-src 'self' " + signIn), "the provider's token endpoint is reachable: " + csp);
            assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), path);
            assertEquals("no-referrer", answer.headers().firstValue("Referrer-Policy").orElse(null), path);
        }
        signIn("hosp-a");
        assertEquals(0L, js("return document.querySelectorAll('[style]').length;"), "no inline style attribute");
        assertEquals(Boolean.TRUE, js("return [...document.scripts].every(s => s.src !== '');"), "no inline script");
    }

    @Test
    @Order(8)
    void nothingOfACaseIsKeptInBrowserStorage() {
        signIn("hosp-a");
        awaitRows(hospitalACases);
        openCase(caseIdOf("infection-pending"));
        new WebDriverWait(browser, PAGE_TIMEOUT).until(d -> d.findElements(By.cssSelector("#case-history tbody tr")).size() > 0);
        assertEquals(0L, js("return localStorage.length;"), "localStorage");
        assertEquals(0L, js("return sessionStorage.length;"), "sessionStorage (the sign-in's PKCE values are gone)");
        assertEquals("", js("return document.cookie;"), "cookies");
        Object databases = browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "indexedDB.databases().then(list => done(list.length));");
        assertEquals(0L, databases, "IndexedDB");
    }

    @Test
    @Order(9)
    void aHospitalBUserSeesNoneOfHospitalAsCases() throws Exception {
        String caseId = "HB-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode event = examples.get("mild-improving").get("event").deepCopy();
        event.put("eventId", UUID.randomUUID().toString()).put("caseId", caseId).put("hospitalId", "hosp-b");
        assertEquals(202, post(event, token("hosp-b", "case-publisher")));
        awaitPlanned(caseId, token("hosp-b", "case-viewer"));

        signIn("hosp-b");
        assertEquals("hosp-b", browser.findElement(By.id("user-hospital")).getText());
        awaitRows(List.of(caseId));
        List<String> shown = rowIds();
        assertEquals(List.of(caseId), shown, "only hospital B's case");
        hospitalACases.forEach(a -> assertFalse(shown.contains(a), a));

        String foreign = caseIdOf("infection-pending");
        js("location.hash = arguments[0];", "#/case/" + foreign);
        new WebDriverWait(browser, PAGE_TIMEOUT).withMessage("hospital A's case refused")
                .until(d -> d.findElement(By.id("case-body")).getText().contains("There is no such case for your hospital"));
        assertFalse(browser.findElement(By.id("case-body")).getText().contains("Critical"), "nothing of it shown");
    }

    @Test
    @Order(10)
    void theKeyboardAloneReachesACasePage() {
        signIn("hosp-a");
        awaitRows(hospitalACases);
        WebElement focused = null;
        for (int press = 0; press < 40; press++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            focused = browser.switchTo().activeElement();
            if ("a".equals(focused.getTagName()) && Boolean.TRUE.equals(js("return arguments[0].closest('#worklist-rows') !== null;", focused))) {
                break;
            }
            focused = null;
        }
        assertNotNull(focused, "Tab reaches a case link of the worklist within 40 presses");
        String caseId = focused.getText();
        assertFalse("none".equals(focused.getCssValue("outline-style")) || focused.getCssValue("outline-width").startsWith("0"),
                "focus is visible: " + focused.getCssValue("outline-style") + " " + focused.getCssValue("outline-width"));

        new Actions(browser).sendKeys(Keys.ENTER).perform();
        new WebDriverWait(browser, PAGE_TIMEOUT).withMessage("case page of " + caseId)
                .until(d -> d.findElement(By.id("case-title")).isDisplayed()
                        && d.findElement(By.id("case-title")).getText().equals("Case " + caseId)
                        && "case-title".equals(d.switchTo().activeElement().getAttribute("id")));
        new WebDriverWait(browser, PAGE_TIMEOUT).until(d -> d.findElements(By.cssSelector(".cause")).size() == 8);
    }

    // ---------------------------------------------------------------- the page

    /** Opens the dashboard afresh (tokens live in memory: a new load signs in again) and clicks through the dev sign-in. */
    private void signIn(String hospital) {
        browser.get(gateway + "/dashboard/");
        WebDriverWait wait = new WebDriverWait(browser, PAGE_TIMEOUT);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
        wait.withMessage("the dev sign-in page").until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space()='Sign in as dev clinician of " + hospital + "']"))).click();
        wait.withMessage("the worklist after sign-in").until(d -> d.findElement(By.id("worklist-view")).isDisplayed()
                && d.findElement(By.id("worklist-checked")).getText().contains("Checked for changes"));
    }

    private void openCase(String caseId) {
        WebElement link = new WebDriverWait(browser, PAGE_TIMEOUT)
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("#worklist-rows a[href='#/case/" + caseId + "']")));
        link.click();
        new WebDriverWait(browser, PAGE_TIMEOUT).withMessage("case page of " + caseId)
                .until(d -> d.findElement(By.id("case-title")).getText().equals("Case " + caseId)
                        && !d.findElements(By.cssSelector("#case-body .facts")).isEmpty());
    }

    private void awaitRows(List<String> caseIds) {
        new WebDriverWait(browser, PAGE_TIMEOUT).withMessage("worklist rows " + caseIds)
                .until(d -> rowIds().containsAll(caseIds));
    }

    @SuppressWarnings("unchecked")
    private List<String> rowIds() {
        return (List<String>) js("return [...document.querySelectorAll('#worklist-rows tr')].map(r => r.dataset.caseId);");
    }

    private WebElement row(String caseId) {
        return browser.findElement(By.cssSelector("#worklist-rows tr[data-case-id='" + caseId + "']"));
    }

    /** The text of a row's n-th cell (1: the case, 2: urgency, ... 11: knowledge version). */
    private static String cell(WebElement row, int n) {
        return row.findElement(By.cssSelector(":scope > :nth-child(" + n + ")")).getText();
    }

    /** Every cause of the view, in words, on the case page's grid. */
    private void assertCausesInWords(JsonNode view) {
        List<WebElement> causes = new WebDriverWait(browser, PAGE_TIMEOUT)
                .until(d -> Optional.of(d.findElements(By.cssSelector(".cause"))).filter(l -> l.size() == 8).orElse(null));
        Map<String, String> shown = new LinkedHashMap<>();
        for (WebElement cause : causes) {
            shown.put(cause.findElement(By.tagName("h3")).getText(), cause.findElement(By.cssSelector(".status strong")).getText());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        CATEGORY_NAMES.forEach((code, name) -> expected.put(name,
                STATUS_WORDS.get(view.path("causeAssessment").path("categories").path(code).path("status").asText())));
        assertEquals(expected, shown, "each cause's status in words");
    }

    /**
     * WCAG 2.1 AA (1.4.3) on what is shown: every visible element with text of its own, its computed colour against
     * the first opaque background behind it: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
     */
    @SuppressWarnings("unchecked")
    private void assertContrastAA(String where) {
        List<String> failures = (List<String>) js("""
                const rgb = (c) => { const p = c.match(/[\\d.]+/g).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
                const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
                const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                  if (c.a > 0) { return c; } } return { r: 255, g: 255, b: 255, a: 1 }; };
                const failures = [];
                for (const el of document.querySelectorAll('body *')) {
                  const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
                  if (!own || el.getClientRects().length === 0) { continue; }
                  const style = getComputedStyle(el);
                  if (style.visibility === 'hidden') { continue; }
                  const a = lum(rgb(style.color)); const b = lum(background(el));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  const size = parseFloat(style.fontSize); const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
                  if (ratio < (large ? 3 : 4.5)) { failures.push(el.tagName + ' "' + own.slice(0, 40) + '" ' + ratio.toFixed(2)); }
                }
                return failures;""");
        assertEquals(List.of(), failures, "text below the AA contrast on " + where);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** A PNG of the whole page for gateway/README.md, in the repository (refreshed by every run). */
    private void screenshot(String name) throws IOException {
        Path dir = TestSupport.repo().root().resolve("gateway/docs");
        Files.createDirectories(dir);
        Dimension size = browser.manage().window().getSize();
        long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight);");
        browser.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(height + 140, 7000)));
        Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(size);
    }

    // ---------------------------------------------------------------- the API

    /** CONTRACT 8's order: a critical warning, then severe, then the latest update first (then case id). */
    private static final Comparator<JsonNode> URGENCY = Comparator
            .comparingInt((JsonNode view) -> critical(view).isPresent() ? 0
                    : "severe".equals(view.path("treatmentPlan").path("severity").asText()) ? 1 : 2)
            .thenComparing(view -> Instant.parse(view.get("updatedAt").asText()), Comparator.reverseOrder())
            .thenComparing(view -> view.get("caseId").asText());

    private static Optional<JsonNode> critical(JsonNode view) {
        return Stream.of("symptomAssessment", "causeAssessment", "treatmentPlan")
                .flatMap(section -> Stream.of(view.path(section).path("warnings")).flatMap(w -> {
                    List<JsonNode> list = new ArrayList<>();
                    w.forEach(list::add);
                    return list.stream();
                }))
                .filter(w -> "critical".equals(w.path("level").asText()))
                .findFirst();
    }

    /** As the page writes it: the one version of the three sections, or "mixed: ..." */
    private static String knowledgeVersion(JsonNode view) {
        List<String> versions = Stream.of("symptomAssessment", "causeAssessment", "treatmentPlan")
                .map(section -> view.path(section).path("knowledgeVersion").asText(""))
                .filter(v -> !v.isEmpty()).distinct().toList();
        return versions.size() == 1 ? versions.get(0) : "mixed: " + String.join(", ", versions);
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private String caseIdOf(String example) {
        return examples.get(example).get("event").get("caseId").asText();
    }

    private JsonNode awaitPlanned(String caseId, String viewer) {
        JsonNode[] planned = new JsonNode[1];
        Awaitility.await(caseId + " planned; " + TestSupport.logsHint(stateDir)).atMost(PLANNED_TIMEOUT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    HttpResponse<String> answer = get("/api/v1/cases/" + caseId, viewer);
                    if (answer.statusCode() == 200 && TestSupport.plannedWithEverySection(JSON.readTree(answer.body()))) {
                        planned[0] = JSON.readTree(answer.body());
                        return true;
                    }
                    return false;
                });
        return planned[0];
    }

    private int post(JsonNode event, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/case-events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String hospital, String... roles) {
        return DevToken.sign(DevKeys.load(stateDir).privateKey(),
                new DevToken.Request(hospital, List.of(roles), null, Duration.ofMinutes(30)), Instant.now());
    }

    /** Debian's chromium and chromedriver (or COP_CHROMIUM / COP_CHROMEDRIVER). */
    record Browser(Path chromium, Path driver) {
        static Browser locate() {
            Optional<Path> chromium = executable("COP_CHROMIUM", "chromium", "chromium-browser");
            Optional<Path> driver = executable("COP_CHROMEDRIVER", "chromedriver");
            if (chromium.isPresent() && driver.isPresent()) {
                return new Browser(chromium.get(), driver.get());
            }
            String missing = "no " + (chromium.isEmpty() ? "chromium" : "") + (chromium.isEmpty() && driver.isEmpty() ? " and no " : "")
                    + (driver.isEmpty() ? "chromedriver" : "") + " on the PATH: apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("the browser tier must run on CI: " + missing + " (.ci/run installs them)");
            }
            Assumptions.abort("browser tier skipped: " + missing);
            return null;
        }

        private static Optional<Path> executable(String override, String... names) {
            String given = System.getenv(override);
            if (given != null && !given.isBlank()) {
                return Optional.of(Path.of(given)).filter(Files::isExecutable);
            }
            String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
            for (String dir : path.split(java.io.File.pathSeparator)) {
                for (String name : names) {
                    Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                    if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
            return Optional.empty();
        }
    }
}
