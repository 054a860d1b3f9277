package io.qbsync.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.qbsync.system.InvalidInputException;
import io.qbsync.system.NotFoundException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * A page that is not there (or is another company's), an address with a part that cannot be read and a form refused
 * as a whole answer with a page a person can read, with a way back, rather than the API's problem document.
 */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

	@ExceptionHandler(NotFoundException.class)
	ModelAndView notFound(NotFoundException ex) {
		ModelAndView page = new ModelAndView("error/404");
		page.setStatus(HttpStatus.NOT_FOUND);
		return page;
	}

	/** {@code /companies/abc/...} names no page; {@code ?page=abc} is a mistake in an address that exists. */
	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ModelAndView unreadable(MethodArgumentTypeMismatchException ex) {
		if (ex.getParameter().hasParameterAnnotation(PathVariable.class)) {
			return notFound(null);
		}
		String given = String.valueOf(ex.getValue());
		given = (given.length() > 40) ? given.substring(0, 40) + "..." : given;
		return notUnderstood(HttpStatus.BAD_REQUEST,
				List.of("\"" + ex.getName() + "\" in the address is \"" + given + "\", which qbsync cannot read."));
	}

	@ExceptionHandler(InvalidInputException.class)
	ModelAndView invalid(InvalidInputException ex) {
		List<String> problems = new ArrayList<>();
		problems.add(ex.getMessage());
		ex.problems().forEach((p) -> problems.add(p.field() + " " + p.message()));
		return notUnderstood(ex.status(), problems);
	}

	private static ModelAndView notUnderstood(HttpStatusCode status, List<String> problems) {
		ModelAndView page = new ModelAndView("error/400", Map.of("problems", problems));
		page.setStatus(status);
		return page;
	}

}
