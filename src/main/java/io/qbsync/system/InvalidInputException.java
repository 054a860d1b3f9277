package io.qbsync.system;

import java.util.List;

import org.springframework.http.HttpStatus;

/** Input that was refused before anything changed; carries every problem found. */
public class InvalidInputException extends RuntimeException {

	private final HttpStatus status;

	private final List<FieldProblem> problems;

	public InvalidInputException(String message, List<FieldProblem> problems) {
		this(HttpStatus.BAD_REQUEST, message, problems);
	}

	public InvalidInputException(HttpStatus status, String message, List<FieldProblem> problems) {
		super(message);
		this.status = status;
		this.problems = List.copyOf(problems);
	}

	public HttpStatus status() {
		return this.status;
	}

	public List<FieldProblem> problems() {
		return this.problems;
	}

}
