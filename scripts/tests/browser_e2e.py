"""The search page in a real browser: headless Chromium driven by Selenium.

Usage: browser_e2e.py URL SCREENSHOT_DIR

Loads the page served by `litsearch serve` over an index of the bundled samples, types a query,
waits for thumbnails to load, opens the best match, asks for "more like this", goes back, searches
in German, picks a photo to search by, and saves screenshots on the way. Exits non-zero, saying which step failed, on any failure.
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait


def loaded_tiles(driver):
    """The result tiles whose thumbnails have loaded, or False while none have."""
    tiles = driver.find_elements(By.CSS_SELECTOR, "#grid .tile")
    done = driver.execute_script(
        "return [...document.querySelectorAll('#grid .tile img')].filter(i => i.complete && i.naturalWidth > 0).length")
    return tiles if tiles and done >= min(len(tiles), 6) else False


def main():
    url, shots = sys.argv[1], sys.argv[2]
    os.makedirs(shots, exist_ok=True)
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860",
                     "--disable-gpu", "--lang=en-US"):
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    wait = WebDriverWait(driver, 30)
    step = "load the page"
    try:
        driver.get(url + "/")
        box = wait.until(lambda d: d.find_element(By.ID, "q"))
        assert driver.find_element(By.ID, "empty").is_displayed(), "the empty page should say what to do"

        step = "type a query"
        box.send_keys("dog", Keys.ENTER)
        tiles = wait.until(loaded_tiles)
        first = tiles[0].get_attribute("title")
        assert first.startswith("dogs.jpg"), f"the best match for 'dog' should be dogs.jpg, not {first!r}"
        assert "q=dog" in driver.current_url, driver.current_url
        status = driver.find_element(By.ID, "status").text
        assert "13 images" in status and "vector index" in status, status
        driver.save_screenshot(os.path.join(shots, "search.png"))

        step = "open the best match"
        tiles[0].click()
        wait.until(lambda d: d.execute_script("return document.getElementById('viewer').open"))
        wait.until(lambda d: d.execute_script("const i = document.getElementById('large'); return i.complete && i.naturalWidth > 0"))
        similar = driver.find_element(By.ID, "similar")
        assert similar.is_displayed() and similar.text == "More like this", similar.text
        driver.save_screenshot(os.path.join(shots, "viewer.png"))

        step = "more like this"
        similar.click()
        wait.until(lambda d: "similar=" in d.current_url)
        tiles = wait.until(loaded_tiles)
        assert tiles[0].get_attribute("title").startswith("dogs.jpg"), "an image is most like itself"
        assert driver.find_element(By.ID, "q").get_attribute("value") == "", "the text box is cleared for an image search"
        driver.save_screenshot(os.path.join(shots, "similar.png"))

        step = "go back"
        driver.back()
        wait.until(lambda d: "q=dog" in d.current_url and d.find_element(By.ID, "q").get_attribute("value") == "dog")
        wait.until(loaded_tiles)

        step = "search by keyboard in another language"
        box = driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys("Katze")
        driver.find_element(By.CSS_SELECTOR, "#lang option[value='de']").click()
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: "lang=de" in d.current_url and "Katze" in d.current_url)
        tiles = wait.until(loaded_tiles)
        assert tiles[0].get_attribute("title").startswith("chelsea.jpg"), tiles[0].get_attribute("title")

        step = "search by a picked photo"
        samples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples")
        driver.find_element(By.ID, "photo").send_keys(os.path.realpath(os.path.join(samples, "rocket.jpg")))
        wait.until(lambda d: "your photo" in d.find_element(By.ID, "status").text)
        tiles = wait.until(loaded_tiles)
        assert tiles[0].get_attribute("title").startswith("rocket.jpg"), tiles[0].get_attribute("title")

        step = "check the console"
        errors = [entry["message"] for entry in driver.get_log("browser")]
        assert not errors, f"the page logged errors: {errors}"
    except Exception as error:  # noqa: BLE001 - any failure fails the test, with its step
        driver.save_screenshot(os.path.join(shots, "failed.png"))
        print(f"browser test failed at '{step}': {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        driver.quit()
    print(f"browser test passed; screenshots in {shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
